"""The buyer's review form: a rating of 1 to 5 stars, a title, the text and an
optional name. Plain text only: it is escaped wherever it is shown.

The abuse rules are the ones reader comments follow (`home.user_content`): a
honeypot, a minimum fill time, length limits, at most a few links and the editable
blocklist; the view adds the rate limits."""

from __future__ import annotations

from django import forms

from home.request_numbers import WholeNumberField
from home.user_content import UserContentForm

from .models import (
    BODY_MAX_LENGTH,
    NAME_MAX_LENGTH,
    RATING_MAX,
    RATING_MIN,
    TITLE_MAX_LENGTH,
    stars,
)

RATING_LABELS = {
    5: "5 stars: it helps a lot",
    4: "4 stars: it helps",
    3: "3 stars: it is all right",
    2: "2 stars: it helps a little",
    1: "1 star: it does not help",
}
RATING_ERROR = "Choose a rating from 1 to 5 stars."


class ReviewForm(UserContentForm):
    text_fields = ("title", "body", "author_name")

    rating = WholeNumberField(
        label="Your rating",
        min_value=RATING_MIN,
        max_value=RATING_MAX,
        error_messages={
            "required": RATING_ERROR,
            "invalid": RATING_ERROR,
            "min_value": RATING_ERROR,
            "max_value": RATING_ERROR,
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        help_text="One line, for example \u201cEased my calf cramps at night\u201d.",
        error_messages={"required": "Give your review a title."},
    )
    body = forms.CharField(
        label="Your review",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"What did you use it for, and did it help? Up to "
        f"{BODY_MAX_LENGTH:,} characters; plain text.",
        error_messages={"required": "Write a few words about the product."},
    )
    author_name = forms.CharField(
        label="Your name (optional)",
        max_length=NAME_MAX_LENGTH,
        required=False,
        help_text="Shown with your review. Left empty, it says \u201cA verified "
        "buyer\u201d.",
    )

    def rating_choices(self) -> list[tuple[int, str, bool, str]]:
        """(value, label, checked, stars) for the star radios, best first."""
        current = str(self["rating"].value() or "")
        return [
            (value, RATING_LABELS[value], str(value) == current, stars(value))
            for value in range(RATING_MAX, RATING_MIN - 1, -1)
        ]
