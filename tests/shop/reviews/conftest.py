"""A paid order of two products (and their pages), and helpers to open its links."""

import re
import time

import pytest

from home.user_content import form_started_token
from shop.orders.status import transition
from tests.factories import OrderFactory, OrderLineFactory
from tests.guides.factories import stocked_product
from tests.shop.checkout.fixtures import site_settings  # noqa: F401
from tests.shop.staff.conftest import role_client, roles  # noqa: F401


def paid_order_of(*products, email="buyer@example.com"):
    order = OrderFactory(email=email)
    for product in products:
        OrderLineFactory(order=order, variant=product.variants.get())
    transition(order, "paid")
    order.refresh_from_db()
    return order


@pytest.fixture
def products(db):
    return stocked_product("Wheat bag neck wrap"), stocked_product("Peanut ball")


@pytest.fixture
def paid_order(products):
    return paid_order_of(*products)


REVIEW_LINK = re.compile(r"https?://[^\s\"<>]+/reviews/write/[^\s\"<>/]+/")


def review_links_in(text: str) -> list[str]:
    return REVIEW_LINK.findall(text)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


GOOD_REVIEW = {
    "rating": "4",
    "title": "Eased my neck at night",
    "body": "Warm for twenty minutes, and the knot let go.",
    "author_name": "Mara",
}


def review_post(**changes) -> dict:
    """What the form posts: GOOD_REVIEW with `changes`, handed out a minute ago
    (the shared abuse rules refuse a form sent within seconds), honeypot empty."""
    return {
        **GOOD_REVIEW,
        "form_started": form_started_token(at=time.time() - 60),
        "website": "",
        **changes,
    }
