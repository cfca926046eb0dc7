"""The newsletter's demo: the free guide page, from `data/free_guide.yaml`.

Idempotent like the other demo steps: the page is found by slug and created only
when it is missing.
"""

from pathlib import Path

import yaml
from wagtail.rich_text import RichText

from guides.newsletter.models import FreeGuidePage
from home.models import HomePage

DATA = Path(__file__).resolve().parent / "data" / "free_guide.yaml"


def _blocks(specs: list[dict]) -> list[tuple]:
    blocks = []
    for spec in specs:
        ((kind, value),) = spec.items()
        if kind == "paragraph":
            value = RichText(" ".join(value.split()))
        elif kind == "see_a_doctor":
            value = " ".join(value.split())
        blocks.append((kind, value))
    return blocks


def load(stdout) -> FreeGuidePage | None:
    spec = yaml.safe_load(DATA.read_text())
    page = FreeGuidePage.objects.filter(slug=spec["slug"]).first()
    home = HomePage.objects.first()
    if page is not None or home is None:
        return page
    page = FreeGuidePage(
        title=spec["title"],
        slug=spec["slug"],
        intro=" ".join(spec["intro"].split()),
        search_description=" ".join(spec["search_description"].split()),
        body=_blocks(spec["body"]),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    stdout.write(f"Free guide page: {page.url_path}")
    return page
