"""Review links: one signed, expiring link per product of a paid order.

The link carries the order's reference and the product's id, signed with the site's
secret and a timestamp (`TimestampSigner`): nobody can make one for an order or a
product we did not send it for, and it stops working `REVIEW_LINK_MAX_AGE_DAYS`
after it was made. Opening it checks everything again (see `check_link`), so a link
for an order that was refunded since, or a product reviewed already, is refused
with a clear reason.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

from shop.catalogue.models import ProductPage
from shop.orders.links import absolute_url
from shop.orders.models import Order
from shop.orders.status import CONFIRMABLE_STATUSES

from .exceptions import ReviewRefused
from .models import Review

_SALT = "shop.reviews.write-link"
# Paid and kept: not refunded in full, cancelled or held for a problem.
REVIEWABLE_STATUSES = CONFIRMABLE_STATUSES


def link_max_age() -> datetime.timedelta:
    return datetime.timedelta(days=settings.REVIEW_LINK_MAX_AGE_DAYS)


def review_token(order: Order, product_id: int) -> str:
    return signing.TimestampSigner(salt=_SALT).sign_object(
        {"order": order.reference, "product": product_id}
    )


def review_path(order: Order, product_id: int) -> str:
    return reverse("reviews:write", args=[review_token(order, product_id)])


def reviewable_product_ids(order: Order) -> list[int]:
    """The order's products, in line order, once each (a product bought in two
    variants is reviewed once)."""
    ids: list[int] = []
    for line in order.lines.select_related("variant"):
        product_id = line.variant.product_id if line.variant else None
        if product_id is not None and product_id not in ids:
            ids.append(product_id)
    return ids


@dataclass(frozen=True)
class ReviewLink:
    """A product of an order, the absolute link to review it, and whether it is
    reviewed already (then `url` still opens the "thank you" page)."""

    product_id: int
    title: str
    url: str
    reviewed: bool


def review_links_for(order: Order) -> list[ReviewLink]:
    """One review link per product of a paid order; none for an unpaid one.

    For pages that list a shopper's orders (the order page, "Your account"):
    three queries whatever the number of lines.
    """
    if order.status not in REVIEWABLE_STATUSES:
        return []
    ids = reviewable_product_ids(order)
    titles = dict(ProductPage.objects.filter(pk__in=ids).values_list("pk", "title"))
    reviewed = set(
        Review.objects.filter(order=order, product_id__in=ids).values_list(
            "product_id", flat=True
        )
    )
    return [
        ReviewLink(
            product_id=pk,
            title=titles[pk],
            url=absolute_url(review_path(order, pk)),
            reviewed=pk in reviewed,
        )
        for pk in ids
        if pk in titles
    ]


@dataclass(frozen=True)
class CheckedLink:
    order: Order
    product: ProductPage


def check_link(token: str) -> CheckedLink:
    """The order and product a review link was made for, or `ReviewRefused`
    saying why not: forged or altered, expired, no such order or product, the
    order not paid (any more), the product not in the order."""
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        data = signer.unsign_object(token, max_age=link_max_age())
    except signing.SignatureExpired as error:
        raise ReviewRefused.expired() from error
    except signing.BadSignature as error:
        raise ReviewRefused.invalid() from error
    if not isinstance(data, dict):
        raise ReviewRefused.invalid()
    reference, product_id = data.get("order"), data.get("product")
    if not isinstance(reference, str) or type(product_id) is not int:
        raise ReviewRefused.invalid()
    order = Order.objects.filter(reference=reference).first()
    product = ProductPage.objects.filter(pk=product_id).first()
    if order is None or product is None:
        raise ReviewRefused.invalid()
    if order.status not in REVIEWABLE_STATUSES:
        raise ReviewRefused.not_paid()
    if product.pk not in reviewable_product_ids(order):
        raise ReviewRefused.not_in_order()
    return CheckedLink(order=order, product=product)
