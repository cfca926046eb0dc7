"""The shopper's order page (signed link only) and the confirmation email."""

from urllib.parse import urlsplit

import pytest
from django.core import mail

from shop.orders import emails
from shop.orders.fulfilment import mark_packed, mark_shipped
from shop.orders.links import order_path, order_token
from shop.orders.status import transition
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_the_signed_link_opens_the_order_page(client, pending_order):
    response = client.get(order_path(pending_order))

    assert response.status_code == 200
    html = response.content.decode()
    line = pending_order.lines.get()
    assert pending_order.reference in html
    assert line.product_name in html and line.sku in html
    assert "€54.70" in html
    assert "Lindenstraße 12" in html
    assert response["Referrer-Policy"] == "no-referrer"
    assert "noindex" in response["X-Robots-Tag"]


def test_the_order_page_shows_the_tracking_link_once_shipped(client, pending_order):
    order = pending_order
    transition(order, "paid")
    mark_packed(order_id=order.pk, actor=None)
    before = client.get(order_path(order)).content.decode()
    assert "tracking number" not in before

    mark_shipped(
        order_id=order.pk, actor=None, carrier="dhl", tracking_number=" 00340434 "
    )

    html = client.get(order_path(order)).content.decode()
    assert "On its way to you." in html
    assert "Sent with DHL, tracking number <strong>00340434</strong>" in html
    assert "tracking-id=00340434" in html


def test_anything_but_the_signed_link_is_not_found(client, pending_order):
    other = OrderFactory()
    reference = pending_order.reference
    token = order_token(pending_order)
    urls = [
        f"/orders/{reference}/",
        f"/orders/{reference}/?token=",
        f"/orders/{reference}/?token={token[:-1]}",
        f"/orders/{reference}/?token={order_token(other)}",
        f"/orders/{other.reference}/?token={token}",
        f"/orders/UK-AAAAA-AAAAA/?token={token}",
        f"/orders/{reference.lower()}/?token={token}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_confirmation_email_has_html_text_lines_totals_address_and_link(
    client, pending_order
):
    order = pending_order
    transition(order, "paid")

    assert emails.send_order_confirmation(order.pk) is True
    assert emails.send_order_confirmation(order.pk) is False  # once only

    (message,) = mail.outbox
    assert message.subject == f"Your Unknot order {order.reference}"
    assert message.to == ["shopper@example.com"]
    text = message.body
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    line = order.lines.get()
    for body in (text, html):
        assert f"2 x {line.product_name}" in body or f"2 × {line.product_name}" in body
        assert "€49.80" in body and "€4.90" in body and "€54.70" in body
        assert "Lindenstraße 12" in body and "10969 Berlin" in body
    assert "<table" in html and "#0f5257" in html  # the site's colours
    link = next(word for word in text.split() if "/orders/" in word)
    assert link.startswith("http")
    parts = urlsplit(link)
    assert client.get(f"{parts.path}?{parts.query}").status_code == 200


def test_every_shopper_email_links_the_live_policy_pages_on_the_public_host(
    pending_order, home_page, settings
):
    from home.models import PolicyPage
    from shop.orders.admin_emails import send_shipping_email
    from shop.orders.fulfilment import shipment_for

    settings.WAGTAILADMIN_BASE_URL = "http://shop.example:8107"
    for kind, slug in [
        ("returns", "returns"),
        ("terms", "terms"),
        ("imprint", "imprint"),
    ]:
        home_page.add_child(
            instance=PolicyPage(
                title=slug.title(), slug=slug, kind=kind, version="1", body="<p>x</p>"
            )
        )
    unpublished = PolicyPage(
        title="Privacy",
        slug="privacy",
        kind="privacy",
        version="1",
        body="<p>x</p>",
        live=False,
    )
    home_page.add_child(instance=unpublished)
    order = pending_order
    transition(order, "paid")

    emails.send_order_confirmation(order.pk)
    send_shipping_email(order.pk, shipment_for("dhl", "00340434"))

    confirmation, shipped = mail.outbox
    for message in (confirmation, shipped):
        html = message.alternatives[0][0]
        for body in (message.body, html):
            for slug in ("returns", "terms", "imprint"):
                assert f"http://shop.example:8107/{slug}/" in body, (
                    message.subject,
                    slug,
                )
            assert "/privacy/" not in body
            assert "http://shop.example:8107/orders/" in body
    assert "withdraw from this purchase within 14 days" in confirmation.body
    assert (
        "Germany" in shipped.body
        and "Track parcel 00340434" in shipped.alternatives[0][0]
    )
