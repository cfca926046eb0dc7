"""The reviews' side of the contracts with the catalogue and orders below them.

Reviews sit above both, so they may import them but never the reverse. Registered
when the app is ready (`ReviewsConfig.ready()`):

- the catalogue's rating source (`shop/catalogue/extensions.py`): the average and
  count of approved reviews, which the catalogue copies into each product's summary
  whenever a review changes (`review_changed`), so cards read them with a join;
  product pages get their newest approved reviews with the shop's replies;
- orders' links (`shop/orders/extensions.py`): the confirmation e-mail and the
  shopper's order page link a review form per product of a paid order.
"""

from __future__ import annotations

from django.db.models import Avg, Count, Window
from django.db.models.signals import post_delete

from home.tree_cache import tree_cached, tree_changed_now_and_on_commit
from shop.catalogue.extensions import (
    ProductRating,
    ProductReview,
    ProductReviews,
    register_rating_source,
)
from shop.catalogue.summaries import refresh_product_ratings
from shop.orders.extensions import OrderLink, OrderLinkGroup, register_order_links

from .links import review_links_for
from .models import Review, ReviewStatus

#: Reviews a product page lists (the rating covers all of them).
PAGE_REVIEWS = 10
#: Part of the kept reviews' key: change it when `ProductReviews` changes shape.
REVIEWS_VERSION = 1


class ApprovedReviews:
    """Approved reviews as the catalogue's rating source."""

    def annotate(self, products):
        return products.annotate(**Review.objects.rating_annotations())

    def reviews(self, product) -> ProductReviews:
        """The newest approved reviews with their shop replies, and the rating over
        all of them, kept until the page tree next changes: moderation that
        changes what readers see starts a new generation, as a publish does
        (`services._purge_product`, `review_changed`)."""
        if not product.pk:
            return ProductReviews(rating=None)
        return tree_cached(
            f"reviews:shown:{REVIEWS_VERSION}:{product.pk}",
            lambda: self._read_reviews(product),
        )

    def _read_reviews(self, product) -> ProductReviews:
        """One query: the newest approved reviews, each row also carrying the
        count and average over all of them (window aggregates)."""
        everything = Window(Count("pk")), Window(Avg("rating"))
        newest = list(
            Review.objects.approved()
            .filter(product_id=product.pk)
            .annotate(total=everything[0], average=everything[1])
            .order_by("-created_at", "-pk")[:PAGE_REVIEWS]
        )
        if not newest:
            return ProductReviews(rating=None)
        rating = ProductRating.from_figures(newest[0].average, newest[0].total)
        return ProductReviews(
            rating=rating,
            newest=[
                ProductReview(
                    rating=review.rating,
                    title=review.title,
                    body=review.body,
                    author=review.display_name,
                    published=(review.moderated_at or review.created_at).date(),
                    reply=review.reply,
                    replied=review.replied_at.date() if review.replied_at else None,
                )
                for review in newest
            ],
        )


def review_changed(sender, instance, raw=False, **kwargs) -> None:
    """Copy the product's published rating into its summary (post_save and
    post_delete of a review). A published review saved (an edit in the admin, say)
    or any review deleted also starts a new tree generation, so no kept reviews
    show the old one; a new review waiting for moderation changes nothing readers
    see."""
    if raw:
        return
    refresh_product_ratings([instance.product_id])
    if kwargs.get("signal") is post_delete or instance.status == ReviewStatus.APPROVED:
        tree_changed_now_and_on_commit()


def order_review_links(order) -> OrderLinkGroup | None:
    links = review_links_for(order)
    if not links:
        return None
    return OrderLinkGroup(
        heading="How is it working for you?",
        intro="Once your parcel has arrived and you have tried it, tell other "
        "readers what helped. Staff read every review before it appears.",
        links=[
            OrderLink(done_text=f"{link.title}: reviewed, thank you")
            if link.reviewed
            else OrderLink(text=f"Review {link.title}", url=link.url)
            for link in links
        ],
    )


def register() -> None:
    register_rating_source(ApprovedReviews())
    register_order_links("reviews", order_review_links)
