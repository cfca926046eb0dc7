"""Logging in: rate-limited against guessing, the cart follows, staff unaffected."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from shop.cart.models import Cart, CartLine
from shop.cart.services import SESSION_KEY, add_to_cart
from tests.factories import cart_line_in_session, stocked_variant

from .helpers import PASSWORD, log_in, shopper

pytestmark = pytest.mark.django_db


def signed_in_user(client):
    return client.get("/visitor.json").json()["authenticated"]


def test_a_shopper_logs_in_with_their_email_address_and_out_again(client):
    shopper("mara@example.com")

    response = log_in(client, "mara@example.com")

    assert response.status_code == 302
    assert response["Location"] == "/account/"
    assert client.get("/visitor.json").json()["account"] == {
        "label": "Your account",
        "url": "/account/",
    }
    client.post("/account/logout/")
    assert client.get("/visitor.json").json()["account"]["label"] == "Log in"


def test_after_five_wrong_passwords_even_the_right_one_is_refused_for_a_while():
    shopper("mara@example.com")
    client = Client()
    for _ in range(5):
        wrong = log_in(client, "mara@example.com", "guessing")
        assert wrong.status_code == 200
        assert "not correct" in wrong.content.decode()

    blocked = log_in(client, "mara@example.com", PASSWORD)

    assert blocked.status_code == 200  # the form again, with the reason
    assert "Too many failed login attempts" in blocked.content.decode()
    assert not signed_in_user(client)
    # Another address is not blocked by guesses at this one.
    shopper("tom@example.com")
    assert log_in(Client(), "tom@example.com").status_code == 302


def test_staff_still_sign_in_to_the_admin_with_their_username(client):
    get_user_model().objects.create_superuser(
        username="admin", email="admin@unknot.example", password="unknot-admin"
    )

    response = client.post(
        "/admin/login/", {"username": "admin", "password": "unknot-admin"}
    )

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_cart_follows_a_guest_who_logs_in_and_merges_with_the_saved_one(
    client, settings
):
    settings.SHOP_MAX_QUANTITY_PER_LINE = 10
    user = shopper("mara@example.com")
    roller, strap, ball = (stocked_variant(on_hand=50) for _ in range(3))
    saved = Cart.objects.create(user=user)
    add_to_cart(cart=saved, variant_id=roller.pk, quantity=8)
    add_to_cart(cart=saved, variant_id=strap.pk, quantity=1)
    guest_line = cart_line_in_session(client, roller, quantity=5)
    add_to_cart(cart=guest_line.cart, variant_id=ball.pk, quantity=2)

    response = log_in(client, "mara@example.com")

    assert response.status_code == 302
    cart = Cart.objects.get(pk=client.session[SESSION_KEY])
    assert cart.pk == guest_line.cart_id
    assert cart.user == user
    quantities = {line.variant_id: line.quantity for line in cart.lines.all()}
    assert quantities == {roller.pk: 10, strap.pk: 1, ball.pk: 2}
    saved.refresh_from_db()
    assert saved.user is None and not saved.lines.exists()
    page = client.get("/account/").content.decode()
    assert "the most you can order is 10" in page


def test_merging_never_goes_past_the_number_of_lines_a_cart_may_hold(client, settings):
    settings.SHOP_MAX_LINES_PER_CART = 2
    user = shopper("mara@example.com")
    first, second, third = (stocked_variant(on_hand=50) for _ in range(3))
    saved = Cart.objects.create(user=user)
    add_to_cart(cart=saved, variant_id=second.pk, quantity=1)
    add_to_cart(cart=saved, variant_id=third.pk, quantity=1)
    guest_line = cart_line_in_session(client, first)

    log_in(client, "mara@example.com")

    lines = CartLine.objects.filter(cart_id=guest_line.cart_id)
    assert sorted(lines.values_list("variant_id", flat=True)) == [first.pk, second.pk]


def test_a_shopper_without_a_cart_in_this_browser_gets_their_saved_cart(client):
    user = shopper("mara@example.com")
    variant = stocked_variant(on_hand=5)
    saved = Cart.objects.create(user=user)
    add_to_cart(cart=saved, variant_id=variant.pk, quantity=2)

    log_in(client, "mara@example.com")

    assert client.session[SESSION_KEY] == saved.pk
    assert client.get("/visitor.json").json()["cart_count"] == 2
