"""What readers write under guides and relief methods, and what marketers make of it.

- `Comment`: a question or "what helped me", held until a marketer approves it; its
  reply is written in the name of an author or medical reviewer (`Contributor`).
- `AnswerOptOut`: an address that asked never to be e-mailed about answers again.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from guides.finder.models import RedFlag
from guides.models import Contributor

ANONYMOUS = "Anonymous"


class CommentStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Spam"


class CommentQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CommentStatus.PENDING)

    def shown_on(self, page):
        """What readers see under `page`: approved, newest first, with the reply."""
        return (
            self.filter(page=page, status=CommentStatus.APPROVED)
            .select_related("reply_by")
            .order_by("-created_at", "-pk")
        )


class Comment(models.Model):
    """A reader's question or comment on one guide or relief-method page.

    Nothing is shown before a marketer approves it. The e-mail address is never
    shown; it is used only to say the question was answered, if the reader asked
    for that. A comment naming red-flag symptoms is held with those flags, so the
    moderators see at once that the reader was shown where to get care.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="reader_comments"
    )
    name = models.CharField(max_length=60, default=ANONYMOUS)
    email = models.EmailField()
    notify_on_answer = models.BooleanField(
        default=False, verbose_name="e-mail the reader when answered"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    consented_at = models.DateTimeField(
        help_text="When the reader agreed to the privacy notice."
    )
    status = models.CharField(
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
    )
    red_flags = models.ManyToManyField(
        RedFlag,
        blank=True,
        related_name="+",
        help_text="Red-flag symptoms it names; the reader was shown their care cards.",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_text = models.TextField(
        max_length=3000,
        blank=True,
        verbose_name="reply",
        help_text="Plain text; shown under the comment once it is approved.",
    )
    reply_by = models.ForeignKey(
        Contributor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="reply in the name of",
        help_text="An author or medical reviewer.",
    )
    replied_at = models.DateTimeField(null=True, blank=True)
    answer_emailed_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(
        null=True, blank=True, help_text="When it joined the page's Q&A blocks."
    )
    promoted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["page", "status", "-created_at"])]

    def __str__(self) -> str:
        excerpt = " ".join(self.text.split())
        return excerpt if len(excerpt) <= 60 else f"{excerpt[:59]}…"

    @property
    def is_answered(self) -> bool:
        return bool(self.reply_text.strip() and self.reply_by_id)

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"


class AnswerOptOut(models.Model):
    """An address that unsubscribed from "your question was answered" e-mails."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.email
