"""Fixtures for the money path, shared by the checkout and orders tests."""

from decimal import Decimal

import pytest
from django.test import override_settings

from home.models import SiteSettings
from shop.cart.models import Cart
from shop.cart.services import add_to_cart, load_cart
from shop.checkout.services import CheckoutDetails, cart_fingerprint, place_order
from shop.payments import stripe_backend
from tests.factories import stocked_variant

from .stripe_helpers import WEBHOOK_SECRET, RecordingStripeHTTPClient


@pytest.fixture
def stripe_api(monkeypatch):
    """Stripe keys set, and the SDK's HTTP layer replaced by a recording client."""
    recorder = RecordingStripeHTTPClient()
    monkeypatch.setattr(stripe_backend, "HTTP_CLIENT", recorder)
    with override_settings(
        STRIPE_SECRET_KEY="sk_test_unknot",
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_MAX_NETWORK_RETRIES=0,
    ):
        yield recorder


@pytest.fixture
def site_settings(default_site):
    return SiteSettings.for_site(default_site)


DETAILS = CheckoutDetails(
    email="shopper@example.com",
    full_name="Mara Wadenkrampf",
    address_line1="Lindenstraße 12",
    postcode="10969",
    city="Berlin",
    country="DE",
    shipping_method="standard",
)


def make_order(site_settings, lines, *, details=DETAILS):
    """Place an order the way checkout does: a cart, then `place_order`.

    `lines` is [(variant, quantity)].
    """
    cart = Cart.objects.create()
    for variant, quantity in lines:
        add_to_cart(cart=cart, variant_id=variant.pk, quantity=quantity)
    return place_order(
        cart=cart,
        details=details,
        site_settings=site_settings,
        shown_fingerprint=cart_fingerprint(load_cart(cart), site_settings),
    )


@pytest.fixture
def pending_order(site_settings):
    """An order for 2 × €24.90 (+ €4.90 shipping = €54.70) with stock reserved."""
    variant = stocked_variant(on_hand=5, price=Decimal("24.90"))
    return make_order(site_settings, [(variant, 2)])


def started_checkout_in(client, order) -> None:
    """Mark `client`'s browser session as the one that started checkout for `order`,
    as the checkout view does before it redirects to the payment page."""
    from shop.checkout.return_pages import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = [*session.get(SESSION_KEY, []), order.reference]
    session.save()
