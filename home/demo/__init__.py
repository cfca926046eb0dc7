"""Demo content for the home page. Safe to run repeatedly.

The demo data files every app shares (body areas) live in `data/`; `data_files`
reads them and the other apps' data files.
"""

from home.demo_images import demo_image
from home.models import HomePage


def load(stdout) -> None:
    """Give the home page its hero image; later demo steps add featured rows."""
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run `manage.py migrate` first.")
    if home.hero_image_id is None:
        home.hero_image = demo_image("Unknot hero: loosening muscles", shape="waves")
        home.save_revision().publish()
        stdout.write("Home page: hero image set.")
