"""Checkout offers "log in" beside "continue as guest", and fills in an account's
address; the order of a signed-in shopper is theirs at once."""

import pytest

from shop.accounts.models import Address
from tests.factories import cart_line_in_session, stocked_variant

from .helpers import shopper

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart(client, site_settings):
    return cart_line_in_session(client, stocked_variant(on_hand=5)).cart


def test_a_guest_sees_log_in_and_continue_as_guest_side_by_side(client, cart):
    html = client.get("/checkout/").content.decode()

    assert "Have an account?" in html
    assert 'href="/account/login/?next=/checkout/"' in html
    assert 'href="#checkout-form">Continue as guest</a>' in html


def test_a_signed_in_shopper_finds_their_address_filled_in(client, cart):
    user = shopper("mara@example.com")
    Address.objects.create(
        user=user,
        full_name="Mara Wadenkrampf",
        address_line1="Lindenstraße 12",
        postcode="10969",
        city="Berlin",
        country="DE",
        is_default=True,
    )
    client.force_login(user)

    html = client.get("/checkout/").content.decode()

    assert "Have an account?" not in html
    assert "We filled in your saved address" in html
    assert 'value="mara@example.com"' in html
    assert 'value="Lindenstraße 12"' in html
    assert 'value="10969"' in html
