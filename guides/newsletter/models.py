"""Newsletter subscribers and the free guide they get.

`FreeGuidePage` is a page marketers write like any other; readers see a summary and
the sign-up box, and confirmed subscribers download the whole routine as a PDF made
from the same content (pdf.py). `NewsletterSubscriber` is one address with its
consent record (home/double_opt_in.py): only confirmed ones count.
"""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from home.double_opt_in import ConsentRecord, OptInStatus
from home.page_cache import CachedPageMixin

# The PDF sets these in plain text: no images, embeds or tables.
PDF_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class RoutineStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=80)
    duration = blocks.CharBlock(
        max_length=40, required=False, help_text='For example "30 seconds each leg".'
    )
    instructions = blocks.TextBlock(
        help_text="Plain sentences; a blank line starts a paragraph."
    )

    class Meta:
        icon = "list-ol"
        template = "newsletter/blocks/routine_step.html"
        preview_value = {
            "title": "Calf stretch against a wall",
            "duration": "30 seconds each leg",
            "instructions": "Stand an arm's length from a wall, one foot back, heel "
            "down, and lean in until the calf pulls gently.",
        }


class FreeGuideBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        max_length=80,
        icon="title",
        template="newsletter/blocks/heading.html",
        preview_value="Before you start",
    )
    paragraph = blocks.RichTextBlock(
        features=PDF_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph.html",
        preview_value="<p>Five minutes before bed is enough.</p>",
    )
    step = RoutineStepBlock()
    see_a_doctor = blocks.TextBlock(
        icon="warning",
        template="newsletter/blocks/see_a_doctor.html",
        help_text="When the routine is not enough: the red flags for this guide.",
        preview_value="See a doctor if cramps wake you most nights.",
    )


class FreeGuidePage(CachedPageMixin, Page):
    """A free guide readers get as a PDF once they confirm their sign-up.

    The page shows the introduction, the list of steps and the sign-up box; the PDF
    holds the whole body. Under the home page, e.g. /free-guide/.
    """

    intro = models.TextField(help_text="Who the guide is for and what it promises.")
    body = StreamField(
        FreeGuideBlock(), help_text="The guide itself, as the PDF shows it."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "free guide page"

    @property
    def steps(self) -> list:
        return [block.value for block in self.body if block.block_type == "step"]


class NewsletterSubscriber(ConsentRecord):
    """One address on the newsletter: pending until its owner confirms, withdrawn
    when they unsubscribe (the record stays, as proof of what they agreed to, until
    they ask us to delete it)."""

    email = models.EmailField(max_length=254, unique=True)
    free_guide = models.ForeignKey(
        FreeGuidePage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The guide they signed up for.",
    )

    class Meta:
        verbose_name = "newsletter subscriber"
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["status", "-requested_at"])]

    def __str__(self) -> str:
        return self.email

    @property
    def is_confirmed(self) -> bool:
        return self.status == OptInStatus.CONFIRMED
