"""The first page of a guide's comments is kept per page-tree generation: a repeat
view reads no comment, and every change readers can see (approval, a reply,
rejection, an admin edit, a deletion) shows on the next view; a reader's new
comment, waiting for moderation, starts no new generation."""

import pytest
from django.utils.timezone import now

from guides.comments import services
from guides.comments.models import Comment, CommentStatus
from home.tree_cache import current_generation
from tests.guides.factories import ContributorFactory, GuidePageFactory
from tests.page_views import reads_table, view

pytestmark = pytest.mark.django_db


def new_comment(page, text: str) -> Comment:
    return Comment.objects.create(
        page=page, name="Ana", email="a@example.org", text=text, consented_at=now()
    )


@pytest.fixture
def guide(guides_index):
    return GuidePageFactory(title="Night leg cramps")


def test_a_repeat_view_reads_no_comment_and_moderation_shows_at_once(
    guide, django_capture_on_commit_callbacks
):
    comment = new_comment(guide, "Does a warm bath help?")
    first, html = view(guide.url)
    assert (
        reads_table(first, "comments_comment") and "Does a warm bath help?" not in html
    )
    again, _ = view(guide.url)
    assert not reads_table(again, "comments_comment")

    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(
            comment_id=comment.pk, status=CommentStatus.APPROVED, user=None
        )
    assert "Does a warm bath help?" in view(guide.url)[1]

    with django_capture_on_commit_callbacks(execute=True):
        services.reply(
            comment_id=comment.pk,
            reply_by=ContributorFactory(name="Dr Lee"),
            text="Yes, before bed.",
            user=None,
        )
    assert "Yes, before bed." in view(guide.url)[1]

    comment.refresh_from_db()
    comment.text = "Does a warm bath before bed help?"
    with django_capture_on_commit_callbacks(execute=True):
        comment.save()
    assert "Does a warm bath before bed help?" in view(guide.url)[1]

    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(
            comment_id=comment.pk, status=CommentStatus.REJECTED, user=None
        )
    assert "warm bath" not in view(guide.url)[1]


def test_a_deleted_comment_leaves_the_next_view(
    guide, django_capture_on_commit_callbacks
):
    comment = new_comment(guide, "Magnesium at night?")
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(
            comment_id=comment.pk, status=CommentStatus.APPROVED, user=None
        )
    assert "Magnesium at night?" in view(guide.url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        comment.delete()
    assert "Magnesium at night?" not in view(guide.url)[1]


def test_a_new_comment_waiting_for_moderation_starts_no_new_generation(guide):
    before = current_generation()
    new_comment(guide, "Is this normal?")
    assert current_generation() == before
