"""Demo reviews from the demo shoppers, on products of their own paid orders.

The records live in `data/reviews.yaml`. Each goes through the same services a buyer
and a moderator use (submit, reply, approve), so the demo shows what a real shop
would. Reviews are found by order and product, so re-running adds nothing twice; a
record whose order or product does not exist (the demo orders are only placed
where the local test payment provider is on) is skipped.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from home.demo import data_files
from shop.catalogue.models import ProductPage
from shop.orders.models import Order
from shop.reviews import services
from shop.reviews.links import REVIEWABLE_STATUSES, reviewable_product_ids
from shop.reviews.models import Review, ReviewStatus

DATA_DIR = Path(__file__).resolve().parent / "data"


def _order_with(email: str, product: ProductPage) -> Order | None:
    for order in Order.objects.filter(email=email, status__in=REVIEWABLE_STATUSES):
        if product.pk in reviewable_product_ids(order):
            return order
    return None


def load(stdout) -> None:
    moderator = get_user_model().objects.filter(is_superuser=True).first()
    for record in data_files.read_yaml(DATA_DIR / "reviews.yaml"):
        product = ProductPage.objects.filter(title=record["product"]).first()
        order = _order_with(record["buyer"], product) if product else None
        if order is None:
            continue
        if Review.objects.filter(order=order, product=product).exists():
            continue
        review = services.submit_review(
            order=order,
            product=product,
            rating=record["rating"],
            title=record["title"],
            body=record["text"],
            author_name=record.get("name") or "",
        )
        if record.get("reply"):
            services.reply_to_review(
                review_id=review.pk, actor=moderator, text=record["reply"]
            )
        if record["status"] == ReviewStatus.APPROVED:
            services.approve_review(review_id=review.pk, actor=moderator)
        stdout.write(f"Review of {product.title} by {review.display_name}.")
