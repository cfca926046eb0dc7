"""Demo content for the home page and the demo admin user. Safe to run repeatedly."""

from django.contrib.auth import get_user_model

from .demo_images import demo_image
from .models import HomePage

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "unknot-admin"  # noqa: S105 - documented demo credentials
DEMO_ADMIN_EMAIL = "admin@unknot.example"


def ensure_admin_user(stdout) -> None:
    """Create the demo superuser once; never reset a password someone changed."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={
            "email": DEMO_ADMIN_EMAIL,
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Demo",
            "last_name": "Admin",
        },
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save(update_fields=["password"])
        stdout.write(f"Created demo admin user '{DEMO_ADMIN_USERNAME}'.")


def load(stdout) -> None:
    """Give the home page its hero image; later demo steps add featured rows."""
    ensure_admin_user(stdout)
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run `manage.py migrate` first.")
    if home.hero_image_id is None:
        home.hero_image = demo_image("Unknot hero: loosening muscles", shape="waves")
        home.save_revision().publish()
        stdout.write("Home page: hero image set.")
