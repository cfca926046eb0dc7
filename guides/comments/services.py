"""Every change to a reader comment: submit, moderate, reply, promote, opt out.

Views (the reader's form, the admin's moderation screens) parse and confirm; these
functions act, each in one transaction, and queue what follows (the page purge, the
"your question was answered" e-mail) for after the commit.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete
from django.utils import timezone
from django.utils.html import linebreaks
from django.utils.text import Truncator
from wagtail.models import Page

from guides.blocks import RED_FLAG
from guides.models import Contributor, GuidePage, ReliefMethodPage
from home.purges import purge_pages_on_commit
from home.tree_cache import tree_changed_now_and_on_commit

from . import dashboard, tasks
from .exceptions import CommentActionError
from .models import AnswerOptOut, Comment, CommentStatus
from .red_flags import red_flags_in

#: The page types that take reader comments.
COMMENTABLE = (GuidePage, ReliefMethodPage)
QUESTION_BLOCK = "question"
QUESTION_MAX_LENGTH = 400  # the Q&A block's question field


def commentable_page(page_id: int) -> Page | None:
    """The live, public guide or method page with this id, else None."""
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    return page if isinstance(page, COMMENTABLE) else None


@transaction.atomic
def submit_comment(
    *, page: Page, name: str, email: str, text: str, notify_on_answer: bool
) -> Comment:
    """A new comment, held for moderation, with the red flags its text names."""
    now = timezone.now()
    comment = Comment.objects.create(
        page=page,
        name=name,
        email=email.strip(),
        text=text,
        notify_on_answer=notify_on_answer,
        created_at=now,
        consented_at=now,
    )
    flags = red_flags_in(text)
    if flags:
        comment.red_flags.set(flags)
    _queue_changed()
    return comment


def _queue_changed() -> None:
    """The dashboard's pending count is cached; drop it once the change commits."""
    transaction.on_commit(lambda: cache.delete(dashboard.CACHE_KEY))


def comment_changed(sender, instance, raw=False, **kwargs) -> None:
    """post_save and post_delete of a comment: a published one saved outside these
    services (an edit in the admin) or any comment deleted starts a new tree
    generation too, so no kept first page shows the old one. A reader's new
    comment waits for moderation and changes nothing readers see."""
    deleted = kwargs.get("signal") is post_delete
    if not raw and (deleted or instance.status == CommentStatus.APPROVED):
        tree_changed_now_and_on_commit()


def _locked(comment_id: int) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment_id)


def _after_visible_change(comment: Comment) -> None:
    """What follows a change readers could see: the page's cache, the kept
    comments (a new tree generation, as a publish starts), and the e-mail."""
    purge_pages_on_commit([comment.page])
    tree_changed_now_and_on_commit()
    if comment.status == CommentStatus.APPROVED and comment.is_answered:
        tasks.enqueue_on_commit(tasks.send_answer_email, comment.pk)


@transaction.atomic
def moderate(*, comment_id: int, status: str, user) -> Comment:
    """Approve, reject or mark as spam (or put back to pending)."""
    if status not in CommentStatus.values:
        raise CommentActionError(f"Unknown status “{status}”.")
    comment = _locked(comment_id)
    if comment.promoted_at and status != CommentStatus.APPROVED:
        raise CommentActionError(
            "This question is part of the page's Q&A now: edit the page to remove it."
        )
    was_shown = comment.status == CommentStatus.APPROVED
    comment.status = status
    comment.moderated_at = timezone.now()
    comment.moderated_by = user
    comment.save(update_fields=["status", "moderated_at", "moderated_by"])
    _queue_changed()
    if was_shown or status == CommentStatus.APPROVED:
        _after_visible_change(comment)
    return comment


@transaction.atomic
def reply(*, comment_id: int, reply_by: Contributor, text: str, user) -> Comment:
    """Answer in the name of an author or medical reviewer (empty text removes it)."""
    comment = _locked(comment_id)
    comment.reply_text = text.strip()
    comment.reply_by = reply_by if comment.reply_text else None
    comment.replied_at = timezone.now() if comment.reply_text else None
    comment.save(update_fields=["reply_text", "reply_by", "replied_at"])
    if comment.status == CommentStatus.APPROVED:
        _after_visible_change(comment)
    return comment


def can_promote(comment: Comment) -> str:
    """Why `comment` cannot join its page's Q&A now, or "" when it can."""
    if comment.promoted_at:
        return "It is already in the page's questions and answers."
    if comment.status != CommentStatus.APPROVED:
        return "Approve it first."
    if not comment.is_answered:
        return "Reply to it first, in the name of an author or medical reviewer."
    return ""


def _question_block(comment: Comment, body):
    """The page's own Q&A block (so it joins the FAQPage data), from the comment."""
    block = body.stream_block.child_blocks[QUESTION_BLOCK]
    return block.to_python(
        {
            "question": Truncator(comment.text).chars(QUESTION_MAX_LENGTH),
            "asker": comment.name,
            # The reply is plain text: escaped into paragraphs, never taken as HTML.
            "answer": linebreaks(comment.reply_text, autoescape=True),
            "answered_by": comment.reply_by_id,
        }
    )


def _insert_at(body) -> int:
    """After the page's last Q&A block; else after its last red flag; else the end."""
    for wanted in (QUESTION_BLOCK, RED_FLAG):
        positions = [i for i, child in enumerate(body) if child.block_type == wanted]
        if positions:
            return positions[-1] + 1
    return len(body)


@transaction.atomic
def promote(*, comment_id: int, user) -> Page:
    """Add an answered question to its page's Q&A blocks and publish that at once.

    The new revision is the live content plus this one Q&A block (so it joins the
    page's FAQPage data); a page with unpublished changes or in a review workflow is
    refused rather than publishing someone's draft along with it.
    """
    comment = _locked(comment_id)
    reason = can_promote(comment)
    if reason:
        raise CommentActionError(reason)
    page = Page.objects.select_for_update().get(pk=comment.page_id).specific
    if not isinstance(page, COMMENTABLE) or not page.live:
        raise CommentActionError("Its page is not live any more.")
    if page.has_unpublished_changes or page.workflow_in_progress:
        raise CommentActionError(
            "Its page has unpublished changes or is in review. Publish or discard "
            "them first, then promote the question."
        )
    body = page.body
    body.insert(_insert_at(body), (QUESTION_BLOCK, _question_block(comment, body)))
    page.body = body
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    comment.promoted_at = timezone.now()
    comment.promoted_by = user
    comment.save(update_fields=["promoted_at", "promoted_by"])
    return page


@transaction.atomic
def opt_out(*, email: str) -> AnswerOptOut:
    """No more answer e-mails to `email`, for its past and future comments."""
    address = email.strip().lower()
    Comment.objects.filter(email__iexact=address).update(notify_on_answer=False)
    opt_out, _ = AnswerOptOut.objects.get_or_create(email=address)
    return opt_out
