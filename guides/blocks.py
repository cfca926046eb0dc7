"""StreamField blocks for guides and relief-method pages.

Every guide and method body is built from `GuideStreamBlock`, one shared vocabulary:
text and images, callouts, red-flag warnings, symptom lists, how-to steps, the
customer-question format, and the blocks that lead a reader from an article to a
method or straight to products. Blocks that point at content (products, methods,
images) pick a real item for their admin preview, so previews look like the site.
"""

from bs4 import BeautifulSoup
from django.apps import apps
from wagtail import blocks
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageBlock
from wagtail.rich_text import RichText
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail.whitelist import Whitelister, attribute_rule, check_url

from home.models import BodyArea
from shop.catalogue.models import ProductPage

# The features an editor gets in running text. Headings have their own block so the
# outline stays predictable; no embeds, images or raw HTML inside paragraphs.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]

PREVIEW_TEMPLATE = "blocks/preview.html"


class StoredRichTextWhitelister(Whitelister):
    """Cleans rich text in Wagtail's stored format, whatever wrote it.

    The admin's editor already drops scripts and unsafe links, but rich text also
    arrives from demo data, imports and the API. This keeps only the tags our
    features produce, keeps Wagtail's internal-link attributes, and removes dangerous
    elements together with their content instead of unwrapping them into text.
    """

    REMOVE_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template"}

    element_rules = {
        "[document]": attribute_rule({}),
        "p": attribute_rule({}),
        "br": attribute_rule({}),
        "b": attribute_rule({}),
        "strong": attribute_rule({}),
        "i": attribute_rule({}),
        "em": attribute_rule({}),
        "ul": attribute_rule({}),
        "ol": attribute_rule({}),
        "li": attribute_rule({}),
        "a": attribute_rule({"href": check_url, "linktype": True, "id": True}),
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in self.REMOVE_WITH_CONTENT:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


def clean_rich_text(html: str) -> str:
    """Return stored-format rich text with only the allowed tags and safe links."""
    if not html:
        return ""
    cleaned = StoredRichTextWhitelister().clean(html)
    # A link whose only attribute was an unsafe href is now a bare <a>: unwrap it.
    soup = BeautifulSoup(cleaned, "html.parser")
    for anchor in soup.find_all("a"):
        if not anchor.attrs:
            anchor.unwrap()
    return str(soup)


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


class HeadingBlock(PreviewStructBlock):
    """A section heading; its text becomes an anchor so sections can be linked."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")], default="h2"
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        label = "Heading"
        preview_value = {"text": "Why calves cramp at night", "level": "h2"}
        description = "A section heading (the page title is the only H1)."


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


class CaptionedImageBlock(PreviewStructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    def get_preview_value(self):
        image = first_image()
        if image is None:
            return None
        return self.normalize(
            {
                "image": {"image": image, "alt_text": image.title, "decorative": False},
                "caption": "Roll slowly: about one inch per second.",
            }
        )

    class Meta:
        icon = "image"
        template = "blocks/captioned_image.html"
        label = "Image with caption"
        description = "An image with alt text and an optional caption."


class CalloutBlock(PreviewStructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", "Tip"), ("info", "Good to know")], default="tip"
    )
    title = blocks.CharBlock(required=False, max_length=100)
    text = SafeRichTextBlock()

    class Meta:
        icon = "help"
        template = "blocks/callout.html"
        label = "Callout (tip or info)"
        preview_value = {
            "kind": "tip",
            "title": "Drink before you are thirsty",
            "text": "<p>Sip water with a pinch of salt through long, hot sessions.</p>",
        }
        description = "A highlighted tip or piece of background information."


class RedFlagBlock(PreviewStructBlock):
    """The 'see a doctor if…' warning. Editors must write the wording themselves."""

    urgency = blocks.ChoiceBlock(
        choices=[
            ("doctor", "See a doctor"),
            ("emergency", "Emergency: call emergency services"),
        ],
        default="doctor",
    )
    title = blocks.CharBlock(
        max_length=120,
        help_text="For example 'See a doctor if…' or 'Call 112 if…'.",
    )
    signs = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label="Sign"),
        min_num=1,
        help_text="One warning sign per line.",
    )
    advice = blocks.TextBlock(
        required=False,
        max_length=400,
        help_text="Optional: what to do next.",
    )

    class Meta:
        icon = "warning"
        template = "blocks/red_flag.html"
        label = "Red-flag warning"
        preview_value = {
            "urgency": "doctor",
            "title": "See a doctor if…",
            "signs": [
                "the cramp keeps coming back every night for weeks",
                "the calf is swollen, red or warm",
                "your leg feels numb or weak",
            ],
            "advice": "Tell your doctor how often it happens and what you take.",
        }
        description = "A prominent 'see a doctor if…' warning."


class SymptomGroupBlock(blocks.StructBlock):
    body_area = SnippetChooserBlock("home.BodyArea")
    symptoms = blocks.ListBlock(blocks.CharBlock(max_length=200), min_num=1)


class SymptomListBlock(PreviewStructBlock):
    heading = blocks.CharBlock(max_length=120, default="Symptoms by body area")
    groups = blocks.ListBlock(SymptomGroupBlock(), min_num=1)

    def get_preview_value(self):
        area = BodyArea.objects.first()
        if area is None:
            return self.normalize({"heading": "Symptoms by body area", "groups": []})
        return self.normalize(
            {
                "heading": "Symptoms by body area",
                "groups": [
                    {
                        "body_area": area,
                        "symptoms": [
                            "a hard, visible knot in the muscle",
                            "sharp pain that fades over minutes",
                        ],
                    }
                ],
            }
        )

    class Meta:
        icon = "list-ul"
        template = "blocks/symptom_list.html"
        label = "Symptoms by body area"
        description = "Lists of symptoms grouped by body area."


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=800)

    class Meta:
        icon = "order"
        label = "Step"


class HowToStepsBlock(PreviewStructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "order"
        template = "blocks/how_to_steps.html"
        label = "How-to steps"
        preview_value = {
            "heading": "Stretch a calf cramp",
            "steps": [
                {
                    "title": "Straighten the leg",
                    "text": "Sit or lie down and straighten the cramping leg.",
                },
                {
                    "title": "Pull the toes towards you",
                    "text": "Hold for 30 seconds while breathing slowly.",
                },
            ],
        }
        description = "Numbered steps a reader follows in order."


class QuestionAnswerBlock(PreviewStructBlock):
    """A reader's question and our expert's answer, the format readers trust."""

    question = blocks.TextBlock(max_length=400)
    asker = blocks.CharBlock(
        max_length=80,
        default="Anonymous reader",
        help_text="How the asker is named, e.g. 'Anonymous customer' or 'Maria, 54'.",
    )
    answer = SafeRichTextBlock()
    answered_by = SnippetChooserBlock("guides.Contributor", required=False)

    class Meta:
        icon = "help"
        template = "blocks/question_answer.html"
        label = "Question and answer"
        preview_value = {
            "question": "Why do my calves cramp only at night?",
            "asker": "Anonymous customer",
            "answer": (
                "<p>Hours of stillness with the feet pointed shortens the calf. "
                "A short stretch before bed often helps.</p>"
            ),
        }
        description = "A reader's question with an expert answer (marked up as FAQ)."


class ProductCardBlock(PreviewStructBlock):
    product = blocks.PageChooserBlock(page_type="catalogue.ProductPage")
    note = blocks.TextBlock(
        required=False,
        max_length=300,
        help_text="Why this product helps here, in one or two sentences.",
    )

    def get_preview_value(self):
        product = first_live_page("catalogue.ProductPage")
        return self.normalize(
            {"product": product, "note": "Firm enough for a knotted calf."}
        )

    class Meta:
        icon = "tag"
        template = "blocks/product_card.html"
        label = "Product card"
        description = "One product with price, stock and an add-to-cart button."


class ProductGridBlock(PreviewStructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    intro = blocks.TextBlock(max_length=300, required=False)
    products = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="catalogue.ProductPage"),
        min_num=1,
        max_num=12,
    )

    def get_preview_value(self):
        products = list(ProductPage.objects.live().order_by("path")[:3])
        return self.normalize(
            {"heading": "Tools for tight calves", "intro": "", "products": products}
        )

    class Meta:
        icon = "table"
        template = "blocks/product_grid.html"
        label = "Product grid"
        description = "Several products side by side, each with add-to-cart."


class ReliefMethodLinkBlock(PreviewStructBlock):
    method = blocks.PageChooserBlock(page_type="guides.ReliefMethodPage")
    product_count = blocks.IntegerBlock(
        min_value=0,
        max_value=6,
        default=3,
        help_text="How many of the method's products to show (0 for none).",
    )

    def get_preview_value(self):
        return self.normalize(
            {
                "method": first_live_page("guides.ReliefMethodPage"),
                "product_count": 3,
            }
        )

    class Meta:
        icon = "link"
        template = "blocks/relief_method_link.html"
        label = "Relief method link"
        description = "A relief method with its top products."


class RelatedReadingBlock(PreviewStructBlock):
    heading = blocks.CharBlock(max_length=120, default="Related reading")
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(
            page_type=["guides.GuidePage", "guides.ReliefMethodPage"]
        ),
        min_num=1,
        max_num=8,
    )

    def get_preview_value(self):
        guide = first_live_page("guides.GuidePage")
        return self.normalize(
            {"heading": "Related reading", "pages": [guide] if guide else []}
        )

    class Meta:
        icon = "doc-full"
        template = "blocks/related_reading.html"
        label = "Related reading"
        description = "Links to other guides or relief methods."


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


class MethodStepsBlock(blocks.StreamBlock):
    """The ordered steps of a relief method (also published as HowTo markup)."""

    step = StepBlock()
