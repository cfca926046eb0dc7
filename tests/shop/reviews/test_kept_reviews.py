"""A product page's reviews are kept per page-tree generation: a repeat view reads
no review, and every change readers can see (approval, rejection, a reply, an edit
in the admin, a deletion) shows on the next view; a review waiting for moderation
starts no new generation."""

import pytest

from home.tree_cache import current_generation
from shop.reviews import services
from shop.reviews.models import Review, ReviewStatus
from tests.page_views import reads_table, view

from .conftest import paid_order_of

pytestmark = pytest.mark.django_db


def published_review(product, capture, *, title: str, author: str) -> Review:
    """A review of `product`, approved through the moderation service."""
    made = Review.objects.create(
        order=paid_order_of(product),
        product=product,
        rating=4,
        title=title,
        body="Helps my neck.",
        author_name=author,
    )
    with capture(execute=True):
        services.approve_review(review_id=made.pk, actor=None)
    return made


@pytest.fixture
def review(products, django_capture_on_commit_callbacks):
    return published_review(
        products[0],
        django_capture_on_commit_callbacks,
        title="Warm and calm",
        author="Mara",
    )


def test_a_repeat_view_reads_no_review(review):
    first, html = view(review.product.url)
    assert reads_table(first, "reviews_review") and "Warm and calm" in html
    again, html = view(review.product.url)
    assert not reads_table(again, "reviews_review") and "Warm and calm" in html


def test_a_reply_and_an_admin_edit_show_on_the_next_view(
    review, django_capture_on_commit_callbacks
):
    view(review.product.url)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_review(
            review_id=review.pk, actor=None, text="Thank you, Mara."
        )
    assert "Thank you, Mara." in view(review.product.url)[1]
    review.refresh_from_db()
    review.title = "Warm, calm, and quick"
    with django_capture_on_commit_callbacks(execute=True):
        review.save()
    assert "Warm, calm, and quick" in view(review.product.url)[1]


def test_a_rejected_or_deleted_review_leaves_the_next_view(
    review, products, django_capture_on_commit_callbacks
):
    other = published_review(
        products[0],
        django_capture_on_commit_callbacks,
        title="Too hot at first",
        author="Jon",
    )
    assert "Too hot at first" in view(review.product.url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_review(review_id=other.pk, actor=None)
    assert "Too hot at first" not in view(review.product.url)[1]
    with django_capture_on_commit_callbacks(execute=True):
        review.delete()
    assert "Warm and calm" not in view(review.product.url)[1]


def test_a_review_waiting_for_moderation_starts_no_new_generation(products):
    before = current_generation()
    Review.objects.create(
        order=paid_order_of(products[1]),
        product=products[1],
        rating=1,
        title="Pending",
        body="Not shown yet.",
        author_name="Eve",
        status=ReviewStatus.PENDING,
    )
    assert current_generation() == before
