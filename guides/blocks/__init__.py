"""StreamField blocks for guides and relief-method pages.

Every guide and method body is built from `GuideStreamBlock`, one shared vocabulary:
text and images, callouts, red-flag warnings, symptom lists, how-to steps, the
customer-question format, and the blocks that lead a reader from an article to a
method or straight to products. Blocks that point at content (products, methods,
images) pick a real item for their admin preview, so previews look like the site.

Split by topic (`base`, `content`, `links`); every block is importable from
`guides.blocks` as before.
"""

from wagtail import blocks

from .base import (
    PREVIEW_TEMPLATE,
    RICH_TEXT_FEATURES,
    ParagraphBlock,
    PreviewStructBlock,
    SafeRichTextBlock,
    StoredRichTextWhitelister,
    clean_rich_text,
)
from .content import (
    CalloutBlock,
    CaptionedImageBlock,
    HeadingBlock,
    HowToStepsBlock,
    ProfessionalTreatmentsBlock,
    QuestionAnswerBlock,
    RedFlagBlock,
    StepBlock,
    SymptomGroupBlock,
    SymptomListBlock,
    TreatmentBlock,
)
from .links import (
    ProductCardBlock,
    ProductGridBlock,
    RelatedReadingBlock,
    ReliefMethodLinkBlock,
)
from .safety import RED_FLAG, check_red_flags_first, first_selling_before_red_flag


class GuideStreamBlock(blocks.StreamBlock):
    """The shared body vocabulary of guides and relief-method pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    callout = CalloutBlock()
    red_flag = RedFlagBlock()
    symptoms = SymptomListBlock()
    how_to = HowToStepsBlock()
    question = QuestionAnswerBlock()
    product = ProductCardBlock()
    product_grid = ProductGridBlock()
    relief_method = ReliefMethodLinkBlock()
    related_reading = RelatedReadingBlock()
    treatments = ProfessionalTreatmentsBlock()


class GuideBodyBlock(GuideStreamBlock):
    """A guide's body: the shared vocabulary, with red flags first and required.

    At least one red flag is needed to publish or submit (drafts may lack it, as
    Wagtail defers `min_num` for drafts); the order rule holds on every save.
    """

    class Meta:
        block_counts = {RED_FLAG: {"min_num": 1}}

    def clean(self, value):
        value = super().clean(value)
        check_red_flags_first(self, value)
        return value


class MethodStepsBlock(blocks.StreamBlock):
    """The ordered steps of a relief method (also published as HowTo markup)."""

    step = StepBlock()


__all__ = [
    "PREVIEW_TEMPLATE",
    "RICH_TEXT_FEATURES",
    "CaptionedImageBlock",
    "CalloutBlock",
    "GuideBodyBlock",
    "GuideStreamBlock",
    "HeadingBlock",
    "HowToStepsBlock",
    "MethodStepsBlock",
    "ParagraphBlock",
    "PreviewStructBlock",
    "ProductCardBlock",
    "ProfessionalTreatmentsBlock",
    "ProductGridBlock",
    "QuestionAnswerBlock",
    "RedFlagBlock",
    "RelatedReadingBlock",
    "ReliefMethodLinkBlock",
    "SafeRichTextBlock",
    "StepBlock",
    "StoredRichTextWhitelister",
    "SymptomGroupBlock",
    "SymptomListBlock",
    "TreatmentBlock",
    "clean_rich_text",
    "first_selling_before_red_flag",
]
