"""Blocks that carry an article's own content: headings, images, callouts,
red-flag warnings, symptom lists, how-to steps and reader questions."""

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from home.blocks import KeptSnippetChooserBlock
from home.models import BodyArea

from .base import (
    PreviewStructBlock,
    SafeRichTextBlock,
    first_image,
)


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
    body_area = KeptSnippetChooserBlock("home.BodyArea")
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
    answered_by = KeptSnippetChooserBlock("guides.Contributor", required=False)

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


class TreatmentBlock(blocks.StructBlock):
    """One treatment only a professional gives: what it is, who, how well it works."""

    treatment = blocks.CharBlock(max_length=120)
    what_it_is = blocks.TextBlock(max_length=500, label="What it is")
    provided_by = blocks.CharBlock(
        max_length=200,
        label="Who provides it",
        help_text="For example 'a physiotherapist' or 'your doctor, on prescription'.",
    )
    evidence = blocks.TextBlock(
        max_length=500,
        label="What the evidence says",
        help_text="Plainly: how well it is shown to work, and for whom.",
    )

    class Meta:
        icon = "user"
        label = "Treatment"


class ProfessionalTreatmentsBlock(PreviewStructBlock):
    """'Treatments a professional may offer': information only, never sold here."""

    heading = blocks.CharBlock(
        max_length=120, default="Treatments a professional may offer"
    )
    treatments = blocks.ListBlock(TreatmentBlock(), min_num=1)
    call_to_action = blocks.CharBlock(
        max_length=200,
        default="Ask your doctor or a physiotherapist which of these suits you.",
        label="See-a-professional advice",
    )

    class Meta:
        icon = "user"
        template = "blocks/professional_treatments.html"
        label = "Treatments a professional may offer"
        preview_value = {
            "heading": "Treatments a professional may offer",
            "treatments": [
                {
                    "treatment": "Physiotherapy",
                    "what_it_is": "Exercises and hands-on treatment over weeks.",
                    "provided_by": "A registered physiotherapist",
                    "evidence": "Good evidence for back and neck pain that returns.",
                }
            ],
            "call_to_action": "Ask your doctor for a referral.",
        }
        description = (
            "Treatments only a professional gives (information only: the shop "
            "sells no medicine)."
        )
