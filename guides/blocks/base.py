"""The foundations of the guides' blocks: safe rich text and previewable structs.

Block classes with their own module path are named in migrations; the aliases below
keep those paths (`guides.blocks.X`) as they were before the blocks were split into
modules, so moving code never asks for a migration.
"""

from django.apps import apps
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

# The sanitiser lives in the base layer, shared with the shop; re-exported here for
# the code (and migrations) that import it from the guides' blocks.
from home.rich_text import StoredRichTextWhitelister, clean_rich_text  # noqa: F401

# The features an editor gets in running text. Headings have their own block so the
# outline stays predictable; no embeds, images or raw HTML inside paragraphs.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

PREVIEW_TEMPLATE = "blocks/preview.html"


class SafeRichTextBlock(blocks.RichTextBlock):
    """Rich text with the restricted feature set, sanitised whenever it is stored."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        # Also on the way out: rich text written straight into the JSON (imports,
        # data migrations) is cleaned before it is ever rendered.
        return RichText(clean_rich_text(value))

    def get_prep_value(self, value):
        return clean_rich_text(super().get_prep_value(value))

    def normalize(self, value):
        value = super().normalize(value)
        return RichText(clean_rich_text(value.source))


class PreviewStructBlock(blocks.StructBlock):
    """Base for our blocks: the admin block picker previews them with the site CSS."""

    class Meta:
        preview_template = PREVIEW_TEMPLATE


def first_live_page(model_label: str):
    """The first live page of a type, for block previews; None if there is none."""
    return apps.get_model(model_label).objects.live().order_by("path").first()


def first_image():
    return get_image_model().objects.order_by("pk").first()


class ParagraphBlock(SafeRichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = "Text"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<p>A cramp is a muscle that tightens on its own and will not let go. "
            "Most last <b>seconds to minutes</b> and ease with a gentle stretch.</p>"
        )
        description = "Running text: bold, italic, links and lists."


DECONSTRUCT_ALIASES = {
    SafeRichTextBlock: "guides.blocks.SafeRichTextBlock",
    ParagraphBlock: "guides.blocks.ParagraphBlock",
}
