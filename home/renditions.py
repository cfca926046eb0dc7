"""Every rendition the templates ask for, made when an image is saved, so no
reader's request waits for one.

The sizes are read from the templates themselves (each `{% picture %}`,
`{% image %}` and `{% srcset_image %}` tag, plus the sizes code asks for in
`EXTRA_SPECS`), so a template that changes a size changes what is made. A page whose
renditions are missing still renders: Wagtail makes them on the request, as before.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter

logger = logging.getLogger(__name__)

IMAGE_TAG = re.compile(r"\{%\s*(?:picture|image|srcset_image)\s+\S+\s+([^%]*?)%\}")
FILTER_WORD = re.compile(
    r"^(?:format|fill|width|height|max|min|original|scale|jpegquality|webpquality"
    r"|avifquality|bgcolor)(?:-\S*)?$"
)
# Asked for in Python rather than a template (guides/structured_data.py, the
# product gallery's JSON-LD in shop/catalogue/detail.py).
EXTRA_SPECS = ("fill-1200x630", "fill-1200x900|format-jpeg")


@cache
def template_specs() -> tuple[str, ...]:
    """Every filter spec the project's templates use, brace patterns expanded."""
    found: set[str] = set(EXTRA_SPECS)
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.html"):
            for arguments in IMAGE_TAG.findall(path.read_text()):
                words = []
                for word in arguments.split():
                    if "=" in word or word == "as" or not FILTER_WORD.match(word):
                        break
                    words.append(word)
                if words:
                    found.update(Filter.expand_spec(" ".join(words)))
    return tuple(sorted(found))


@task(queue_name="renditions", priority=-10)
def generate_renditions(image_id: int) -> int:
    """Make every template size of one image; returns how many specs it holds."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return 0
    specs = template_specs()
    # One at a time: Wagtail's bulk path (`get_renditions`) stores nothing for some
    # large sources on SQLite, while `get_rendition` uses get_or_create.
    for spec in specs:
        image.get_rendition(spec)
    return len(specs)


def image_saved(sender, instance, raw=False, **kwargs):
    if raw or not getattr(settings, "PREGENERATE_RENDITIONS", True):
        return
    image_id = instance.pk
    transaction.on_commit(lambda: generate_renditions.enqueue(image_id))
