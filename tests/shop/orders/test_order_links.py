"""Order-page links expire, and a shopper can ask for fresh ones without learning
anything about which addresses have orders."""

import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.cache import cache

from shop.orders.links import order_path
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

NEW_LINK_URL = "/order-link/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def path_made_days_ago(order, days: float) -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time()):
        then = time.time() - days * 86400
    with mock.patch("django.core.signing.time.time", return_value=then):
        return order_path(order)


def test_a_link_older_than_its_lifetime_offers_a_fresh_one_and_shows_nothing(
    client, pending_order, settings
):
    settings.SHOP_ORDER_LINK_DAYS = 30
    assert client.get(path_made_days_ago(pending_order, 29)).status_code == 200

    response = client.get(path_made_days_ago(pending_order, 31))

    assert response.status_code == 410
    html = response.content.decode()
    assert "This order link has expired" in html
    assert 'action="/order-link/"' in html and 'name="email"' in html
    assert pending_order.reference not in html
    assert pending_order.full_name not in html
    # Not "no-referrer": browsers would post the form with `Origin: null`, which
    # Django's CSRF check refuses. Same-origin still keeps the URL from other sites.
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_a_tampered_old_link_is_still_not_found(client, pending_order):
    path = path_made_days_ago(pending_order, 400)
    assert client.get(path[:-1]).status_code == 404


def test_asking_for_fresh_links_answers_the_same_whether_or_not_there_are_orders(
    client, pending_order, django_capture_on_commit_callbacks
):
    pending_order.email = "Ana.Ruiz@example.com"
    pending_order.save(update_fields=["email"])
    older = OrderFactory(email="ana.ruiz@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        unknown = client.post(NEW_LINK_URL, {"email": "nobody@example.com"})
        known = client.post(NEW_LINK_URL, {"email": " ana.ruiz@EXAMPLE.com "})

    assert unknown.status_code == known.status_code == 200
    assert _main_text(unknown) == _main_text(known)
    assert "If we have orders for that address" in known.content.decode()

    [message] = mail.outbox
    # To the address as the newest order stored it, never as typed into the form.
    assert message.to == [older.email]
    links = [line for line in message.body.splitlines() if "/orders/" in line]
    assert len(links) == 2 and pending_order.reference in message.body
    assert older.reference in message.body
    fresh = urlsplit(links[0])
    page = client.get(f"{fresh.path}?{fresh.query}")
    assert page.status_code == 200
    assert "Order " in page.content.decode()


def test_an_address_is_sent_links_at_most_three_times_an_hour(
    client, pending_order, django_capture_on_commit_callbacks
):
    def ask(email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(NEW_LINK_URL, {"email": email})

    for _ in range(3):
        assert ask(pending_order.email).status_code == 200
    assert len(mail.outbox) == 3

    response = ask(pending_order.email.upper())

    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    assert "Too many requests" in response.content.decode()
    assert len(mail.outbox) == 3


def test_one_client_probing_many_addresses_is_stopped(client):
    statuses = [
        client.post(NEW_LINK_URL, {"email": f"probe{n}@example.com"}).status_code
        for n in range(21)
    ]
    assert statuses == [200] * 20 + [429]


@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "x" * 300 + "@e.com"])
def test_a_bad_address_is_an_error_and_sends_nothing(client, email):
    response = client.post(NEW_LINK_URL, {"email": email})

    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error:" in html and "There is a problem" in html
    assert mail.outbox == []


def _main_text(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]
