"""The finder's logic, owned by editors as snippets, and its daily usage counts.

- `RedFlag`: a safety question; a "yes" ends the finder on a care card.
- `FinderQuestion` and its `FinderAnswer`s: where and when it hurts.
- `CauseProfile` and its `CauseRule`s: which answers point to a cause, how strongly
  (weight) and why (the sentence shown to the reader).
- `FinderDailyCount`: sums per day, nothing about any reader.

The page itself is `pages.FinderPage`; the ranking is `engine.py`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from guides.models import Cause, Contributor

from .pages import FinderPage

__all__ = [
    "CauseProfile",
    "CauseRule",
    "FinderAnswer",
    "FinderDailyCount",
    "FinderPage",
    "FinderQuestion",
    "RedFlag",
]

# Query-string keys the page itself uses; a question may not take one of them.
RESERVED_KEYS = {"step", "page"}
RED_FLAG_PREFIX = "rf-"


class MedicallyReviewed(models.Model):
    """Who checked this piece of the finder's logic, and when: the same promise the
    guides make, since the finder gives readers health advice too."""

    medical_reviewer = models.ForeignKey(
        Contributor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="medically reviewed by",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, verbose_name="last medical review"
    )

    review_panel = MultiFieldPanel(
        [FieldRowPanel([FieldPanel("medical_reviewer"), FieldPanel("last_reviewed")])],
        heading="Medical review",
    )

    class Meta:
        abstract = True


class Disposition(models.TextChoices):
    """How soon a reader with this red flag needs care, most urgent first."""

    EMERGENCY = "emergency", "Emergency: call now"
    URGENT = "urgent", "Urgent: today"
    SOON = "soon", "See a doctor soon"


DISPOSITION_ORDER = {
    Disposition.EMERGENCY: 0,
    Disposition.URGENT: 1,
    Disposition.SOON: 2,
}


class RedFlag(MedicallyReviewed):
    """A yes/no safety question asked before anything else.

    Red flags are asked most urgent first (disposition, then sort order); the most
    urgent one answered "yes" ends the finder on its care card, with no products.
    """

    slug = models.SlugField(max_length=40, unique=True)
    question = models.CharField(max_length=200, help_text="Answered yes or no.")
    hint = models.CharField(max_length=200, blank=True)
    disposition = models.CharField(max_length=12, choices=Disposition.choices)
    care_heading = models.CharField(
        max_length=120, help_text="The care card's title, e.g. 'Call 112 now'."
    )
    care_text = models.TextField(
        max_length=800, help_text="What to do, in plain sentences."
    )
    comment_words = models.TextField(
        blank=True,
        max_length=1000,
        verbose_name="words in reader comments",
        help_text=(
            "One word or phrase per line (e.g. chest pain, can't breathe). A reader "
            "comment using one is held with this flag, and the reader sees this care "
            "card at once."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("slug"),
        FieldPanel("question"),
        FieldPanel("hint"),
        FieldPanel("disposition"),
        FieldPanel("care_heading"),
        FieldPanel("care_text"),
        FieldPanel("comment_words"),
        FieldPanel("sort_order"),
        MedicallyReviewed.review_panel,
    ]

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "finder red flag"

    def __str__(self) -> str:
        return self.question

    @property
    def param(self) -> str:
        return f"{RED_FLAG_PREFIX}{self.slug}"

    @property
    def comment_phrases(self) -> list[str]:
        return [
            line.strip() for line in self.comment_words.splitlines() if line.strip()
        ]

    @property
    def urgency(self) -> tuple[int, int, int]:
        return (DISPOSITION_ORDER[self.disposition], self.sort_order, self.pk or 0)


class Step(models.TextChoices):
    WHERE = "where", "Where it hurts"
    WHEN = "when", "When and how"


class FinderQuestion(MedicallyReviewed, ClusterableModel):
    """One question of the "where" or "when and how" step, with its answers.

    Its slug is the query-string key of the answer, so a result URL reads
    `?area=calf&when=night`.
    """

    slug = models.SlugField(max_length=40, unique=True)
    step = models.CharField(max_length=8, choices=Step.choices)
    prompt = models.CharField(max_length=200, help_text="The question, as a legend.")
    hint = models.CharField(max_length=200, blank=True)
    multiple = models.BooleanField(
        default=False, help_text="Readers may tick several answers."
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("prompt"),
        FieldPanel("slug"),
        FieldPanel("step"),
        FieldPanel("hint"),
        FieldPanel("multiple"),
        FieldPanel("sort_order"),
        InlinePanel("answers", label="Answers", min_num=2),
        MedicallyReviewed.review_panel,
    ]

    class Meta:
        ordering = ["step", "sort_order", "pk"]
        verbose_name = "finder question"

    def __str__(self) -> str:
        return self.prompt

    def clean(self):
        super().clean()
        if self.slug in RESERVED_KEYS or self.slug.startswith(RED_FLAG_PREFIX):
            raise ValidationError({"slug": "This slug is reserved by the finder."})


class FinderAnswer(Orderable):
    """One answer to a question; its slug is the value in the query string."""

    question = ParentalKey(
        FinderQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    slug = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)

    panels = [FieldPanel("label"), FieldPanel("slug")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["question", "slug"], name="finder_answer_slug_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.prompt}: {self.label}"


class CauseProfile(MedicallyReviewed, ClusterableModel):
    """How the finder recognises one cause: the rules that point to it and the
    guide a reader is sent to for it."""

    cause = models.OneToOneField(
        Cause, on_delete=models.CASCADE, related_name="finder_profile"
    )
    guide = models.ForeignKey(
        "guides.GuidePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where 'Read the guide' leads. Empty: the first guide on the cause.",
    )

    panels = [
        FieldPanel("cause"),
        FieldPanel("guide"),
        InlinePanel("rules", label="Rules: answers that point to this cause"),
        MedicallyReviewed.review_panel,
    ]

    class Meta:
        verbose_name = "finder cause rules"
        verbose_name_plural = "finder cause rules"

    def __str__(self) -> str:
        return f"Rules for {self.cause}"


class CauseRule(Orderable):
    """If the reader chose `answer`, the cause gains `weight`; `reason` says why
    that answer fits the cause, in one sentence the reader sees."""

    profile = ParentalKey(CauseProfile, on_delete=models.CASCADE, related_name="rules")
    answer = models.ForeignKey(
        FinderAnswer, on_delete=models.CASCADE, related_name="rules"
    )
    weight = models.SmallIntegerField(
        default=1,
        validators=[MinValueValidator(-10), MaxValueValidator(10)],
        help_text="From -10 to 10; negative weights count against the cause.",
    )
    reason = models.CharField(
        max_length=240, help_text="Why this answer fits the cause, for the reader."
    )

    panels = [FieldPanel("answer"), FieldPanel("weight"), FieldPanel("reason")]


class FinderDailyCount(models.Model):
    """How the finder was used on one day: one row per (day, event, key).

    `event` is a start, a completion, a red-flag stop (`key`: the flag's slug) or a
    cause shown in a result (`key`: the cause's slug). Only sums: no reader, session,
    address or answer set is ever stored.
    """

    class Event(models.TextChoices):
        START = "start", "Started"
        COMPLETE = "complete", "Completed"
        RED_FLAG = "red_flag", "Stopped by a red flag"
        CAUSE = "cause", "Cause shown"

    day = models.DateField()
    event = models.CharField(max_length=10, choices=Event.choices)
    key = models.SlugField(max_length=80, blank=True, default="")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "event", "key"], name="finder_count_day_event_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.event} {self.key}: {self.count}"
