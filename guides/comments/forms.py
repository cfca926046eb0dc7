"""The reader's form: "Ask a question or share what helped"."""

from django import forms
from django.conf import settings

from home.user_content import UserContentForm

from .models import ANONYMOUS

MAX_TEXT = 2000


class CommentForm(UserContentForm):
    """Name (or Anonymous), e-mail, text, answer-by-e-mail and consent, with the
    shared abuse rules (honeypot, fill time, links, blocklist; `home.user_content`)."""

    text_fields = ("text",)

    name = forms.CharField(
        max_length=60,
        required=False,
        label="Your name",
        help_text="Shown with your comment. Leave empty to appear as “Anonymous”.",
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        max_length=254,
        label="Your e-mail",
        help_text="Never shown. We use it only to tell you when you have an answer, "
        "if you tick the box below.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address like name@example.com.",
        },
    )
    text = forms.CharField(
        max_length=MAX_TEXT,
        label="Your question or what helped you",
        help_text=f"Up to {MAX_TEXT} characters. No emergencies here: call 112.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write your question or comment.",
            "max_length": "Please keep it to %(limit_value)d characters "
            "(it has %(show_value)d).",
        },
    )
    notify_on_answer = forms.BooleanField(
        required=False, label="E-mail me when my question is answered"
    )
    consent = forms.BooleanField(
        label="Privacy notice",
        error_messages={
            "required": "Please agree to the privacy notice, or we cannot keep "
            "your comment."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        links = settings.USER_CONTENT_MAX_LINKS
        self.fields["text"].help_text = (
            f"Up to {MAX_TEXT} characters and {links} link{'s' if links != 1 else ''}. "
            "In an emergency call 112 instead."
        )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split()) or ANONYMOUS

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write your question or comment.")
        return text
