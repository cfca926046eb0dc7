"""Checkout asks for the terms once the shop has published them, and records it."""

from decimal import Decimal

import pytest

from home.models import PolicyPage
from shop.orders.models import Order
from tests.factories import stocked_variant

from .stripe_helpers import session_body
from .test_checkout import checkout_form, fill_cart

pytestmark = pytest.mark.django_db


@pytest.fixture
def policies(home_page):
    for kind, slug, version in (
        ("terms", "terms", "2026-11"),
        ("returns", "returns", "2026-10"),
    ):
        page = PolicyPage(
            title=slug.title(), slug=slug, kind=kind, version=version, body="<p>x</p>"
        )
        home_page.add_child(instance=page)
    return PolicyPage.live_by_kind()


def test_the_terms_box_links_both_policies_and_must_be_ticked(client, policies):
    fill_cart(client, (stocked_variant(on_hand=3, price=Decimal("9.90")), 1))
    html = client.get("/checkout/").content.decode()
    assert 'name="accept_terms"' in html and "required" in html
    assert 'href="/terms/"' in html and 'href="/returns/"' in html
    assert "include VAT" in html

    response = client.post("/checkout/", checkout_form(client))

    assert response.status_code == 200
    assert "Tick the box to accept the terms and conditions." in (
        response.content.decode()
    )
    assert not Order.objects.exists()


def test_the_order_records_when_and_which_terms_were_accepted(
    client, policies, stripe_api
):
    fill_cart(client, (stocked_variant(on_hand=3, price=Decimal("9.90")), 1))
    stripe_api.respond(200, session_body(reference="x", amount_total=1480))

    response = client.post(
        "/checkout/", {**checkout_form(client), "accept_terms": "on"}
    )

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.terms_version == "2026-11"
    assert order.terms_accepted_at is not None


def test_without_a_live_terms_page_checkout_says_so_and_records_no_terms(
    client, home_page, stripe_api
):
    returns = PolicyPage(
        title="Returns", slug="returns", kind="returns", version="1", body="<p>x</p>"
    )
    home_page.add_child(instance=returns)
    draft_terms = PolicyPage(
        title="Terms", slug="terms", kind="terms", version="2", body="<p>x</p>"
    )
    draft_terms.live = False
    home_page.add_child(instance=draft_terms)
    fill_cart(client, (stocked_variant(on_hand=3, price=Decimal("9.90")), 1))

    html = client.get("/checkout/").content.decode()

    assert 'name="accept_terms"' not in html
    assert "No separate terms and conditions apply to this order" in html
    assert 'href="/returns/">14-day right of withdrawal</a>' in html
    stripe_api.respond(200, session_body(reference="x", amount_total=1480))
    assert client.post("/checkout/", checkout_form(client)).status_code == 302
    order = Order.objects.get()
    assert order.terms_version == "" and order.terms_accepted_at is None
