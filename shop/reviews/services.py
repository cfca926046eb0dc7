"""Every write to reviews: a buyer submits one, staff approve, reject or reply.

Plain functions with keyword-only arguments; each runs in one transaction, locks the
review it changes, records who changed it and when, and purges the product's page
and every page showing its card after commit whenever what readers see changes
(an approval, a rejection of a published review, a reply to one).
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from home.purges import purge_pages_on_commit
from home.tree_cache import tree_changed_now_and_on_commit
from shop.catalogue.models import ProductPage
from shop.orders.models import Order

from .exceptions import AlreadyReviewed
from .models import Review, ReviewStatus


def submit_review(
    *,
    order: Order,
    product: ProductPage,
    rating: int,
    title: str,
    body: str,
    author_name: str = "",
) -> Review:
    """A buyer's review, waiting for moderation. The caller has checked the link
    (`links.check_link`); the database's unique constraint settles two
    submissions racing for the same product and order: `AlreadyReviewed`."""
    existing = Review.objects.filter(order=order, product=product).first()
    if existing is not None:
        raise AlreadyReviewed(existing)
    try:
        with transaction.atomic():
            review = Review(
                order=order,
                product=product,
                rating=rating,
                title=title.strip(),
                body=body.strip(),
                author_name=author_name.strip(),
            )
            review.full_clean()
            review.save()
    except IntegrityError as error:
        raise AlreadyReviewed(
            Review.objects.get(order=order, product=product)
        ) from error
    return review


def _purge_product(review: Review) -> None:
    """What readers see of the product's reviews changed: its page's cache, and
    the kept reviews (`shop_extensions.ApprovedReviews.reviews`)."""
    purge_pages_on_commit([review.product])
    tree_changed_now_and_on_commit()


@transaction.atomic
def approve_review(*, review_id: int, actor) -> Review:
    """Publish the review on its product page and cards."""
    # The review's row only: the product comes along for the purge, and locking
    # its page rows would keep an editor publishing it waiting.
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("product")
        .get(pk=review_id)
    )
    if review.status != ReviewStatus.APPROVED:
        review.status = ReviewStatus.APPROVED
        review.moderated_at = timezone.now()
        review.moderated_by = actor
        review.save(update_fields=["status", "moderated_at", "moderated_by"])
        _purge_product(review)
    return review


@transaction.atomic
def reject_review(*, review_id: int, actor) -> Review:
    """Keep the review off the site (taking it down if it was published)."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("product")
        .get(pk=review_id)
    )
    was_published = review.status == ReviewStatus.APPROVED
    if review.status != ReviewStatus.REJECTED:
        review.status = ReviewStatus.REJECTED
        review.moderated_at = timezone.now()
        review.moderated_by = actor
        review.save(update_fields=["status", "moderated_at", "moderated_by"])
        if was_published:
            _purge_product(review)
    return review


@transaction.atomic
def reply_to_review(*, review_id: int, actor, text: str) -> Review:
    """Set (or, with empty text, remove) the shop's reply shown under the review."""
    review = (
        Review.objects.select_for_update(of=("self",))
        .select_related("product")
        .get(pk=review_id)
    )
    text = text.strip()
    if text == review.reply:
        return review
    review.reply = text
    review.replied_at = timezone.now() if text else None
    review.replied_by = actor if text else None
    review.full_clean(exclude=["order", "product", "moderated_by"])
    review.save(update_fields=["reply", "replied_at", "replied_by"])
    if review.status == ReviewStatus.APPROVED:
        _purge_product(review)
    return review
