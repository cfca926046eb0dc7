"""Staff users of each role, logged-in clients and a small stocked catalogue."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shop.staff.roles import INVENTORY_STAFF, MARKETERS, SHOP_MANAGERS, ensure_roles
from tests.factories import ProductVariantFactory, stocked_variant
from tests.shop.checkout.fixtures import (  # noqa: F401
    pending_order,
    site_settings,
    stripe_api,
)

ROLE_USERS = {
    "marketer": MARKETERS,
    "stock": INVENTORY_STAFF,
    "manager": SHOP_MANAGERS,
}


def make_staff_user(username, group_name=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="pw", email=f"{username}@unknot.example", **extra
    )
    if group_name:
        groups = ensure_roles()
        user.groups.add(groups[group_name])
    return user


@pytest.fixture
def roles(db):
    return ensure_roles()


@pytest.fixture
def role_client(roles):
    """`role_client("stock")` → a Client logged in as a user of that role."""
    clients = {}

    def make(role):
        if role not in clients:
            user = make_staff_user(role, ROLE_USERS[role])
            client = Client()
            client.force_login(user)
            client.user = user
            clients[role] = client
        return clients[role]

    return make


@pytest.fixture
def order(site_settings):  # noqa: F811
    """A paid order: 2 × €24.90 + 1 × €19.90 (see orders_helpers.paid_order)."""
    from .orders_helpers import paid_order

    return paid_order(site_settings)


@pytest.fixture
def variant(db):
    return stocked_variant(on_hand=10, sku="MAT-BLUE")


@pytest.fixture
def other_variant(db):
    return stocked_variant(on_hand=3, sku="ROLL-45")


@pytest.fixture
def unstocked_variant(db):
    return ProductVariantFactory(sku="BALL-SET")


def assert_refused(response):
    """Wagtail answers a forbidden admin page with 403 (AJAX) or a redirect to the
    admin home carrying "Sorry, you do not have permission" (normal requests)."""
    if response.status_code == 403:
        return
    assert response.status_code == 302, response.status_code
    assert response["Location"] == "/admin/", response["Location"]
