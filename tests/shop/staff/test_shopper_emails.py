"""Shoppers are told about refunds and cancellations once, after the change commits;
the shipping e-mail's tracking link survives spaces in the tracking number."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from wagtail.models import ModelLogEntry

from shop.orders import shopper_notices
from shop.orders.models import OrderStatus
from shop.orders.refunds import record_charge_refunds
from shop.payments.types import ChargeRefunds, RefundResult

from .orders_helpers import refund_response

pytestmark = pytest.mark.django_db
S = OrderStatus


def refund_mails():
    return [m for m in mail.outbox if "refund" in m.subject.lower()]


def html_of(message):
    return message.alternatives[0][0]


def post_refund(client, order, amount, key, **extra):
    return client.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": amount, "reason": "Roller cracked", "key": key, **extra},
    )


def test_partial_refund_emails_the_amount_once_even_when_retried(
    role_client, order, stripe_api, django_capture_on_commit_callbacks
):
    stripe_api.respond(200, refund_response(1990, "re_part"))
    client = role_client("manager")
    with django_capture_on_commit_callbacks(execute=True):
        assert post_refund(client, order, "19.90", "k1").status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        post_refund(client, order, "19.90", "k1")  # the retried POST
    (message,) = refund_mails()
    assert message.to == [order.email]
    assert message.subject == f"A refund on your Unknot order {order.reference}"
    assert "we have refunded €19.90" in message.body
    assert f"The rest of the order, €{order.total - Decimal('19.90')}" in message.body
    assert "€19.90" in html_of(message) and "Unknot" in html_of(message)
    # A second worker running the same job finds the claim and sends nothing.
    refund = order.refunds.get()
    assert shopper_notices.send_refund_email(refund.pk) is False
    assert len(refund_mails()) == 1


def test_full_refund_says_everything_went_back(
    role_client, order, stripe_api, django_capture_on_commit_callbacks
):
    stripe_api.respond(200, refund_response(int(order.total * 100), "re_all"))
    with django_capture_on_commit_callbacks(execute=True):
        post_refund(role_client("manager"), order, str(order.total), "k")
    order.refresh_from_db()
    assert order.status == S.REFUNDED
    (message,) = refund_mails()
    assert "refunded in full" in message.subject
    assert "That is everything you paid" in message.body


def test_nothing_is_sent_when_the_refund_is_refused(
    role_client, order, stripe_api, django_capture_on_commit_callbacks
):
    from tests.shop.checkout.stripe_helpers import error_body

    stripe_api.respond(400, error_body("invalid_request_error", "Charge disputed"))
    with django_capture_on_commit_callbacks(execute=True):
        post_refund(role_client("manager"), order, "5.00", "k")
    assert mail.outbox == []


def test_a_failed_send_can_be_retried(
    role_client, order, stripe_api, django_capture_on_commit_callbacks, monkeypatch
):
    stripe_api.respond(200, refund_response(500, "re_small"))
    real_send = EmailMultiAlternatives.send

    def broken(self, *args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with django_capture_on_commit_callbacks(execute=True):
        post_refund(role_client("manager"), order, "5.00", "k")
    assert mail.outbox == []
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert shopper_notices.send_refund_email(order.refunds.get().pk) is True
    assert len(refund_mails()) == 1


def test_cancelling_a_paid_order_sends_one_email_with_the_refund(
    role_client, order, stripe_api, django_capture_on_commit_callbacks
):
    stripe_api.respond(200, refund_response(int(order.total * 100), "re_cancel"))
    with django_capture_on_commit_callbacks(execute=True):
        role_client("manager").post(
            reverse("shop_orders:cancel", args=[order.pk]),
            {"reason": "Address undeliverable", "key": "c1"},
        )
    (message,) = mail.outbox
    assert message.subject == f"Your Unknot order {order.reference} is cancelled"
    assert f"we have refunded €{order.total}" in message.body
    assert "nothing was charged" not in message.body


def test_cancelling_an_unpaid_order_says_nothing_was_charged(
    role_client, pending_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        role_client("stock").post(
            reverse("shop_orders:cancel", args=[pending_order.pk]),
            {"reason": "Duplicate order", "key": "c2"},
        )
    (message,) = mail.outbox
    assert "is cancelled" in message.subject
    assert "nothing was charged" in message.body
    assert "nothing was charged" in html_of(message)


def test_refund_made_in_stripe_is_emailed_once_across_repeated_webhooks(
    order, django_capture_on_commit_callbacks
):
    payment = order.payments.get()
    charge = ChargeRefunds(
        charge_id="ch_1",
        payment_intent_id=payment.stripe_payment_intent_id,
        amount=int(order.total * 100),
        amount_refunded=1000,
        currency="eur",
        refunds=[
            RefundResult(id="re_dash", amount=1000, currency="eur", status="succeeded")
        ],
    )
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            record_charge_refunds(charge, via="webhook")
    (message,) = refund_mails()
    assert "we have refunded €10.00" in message.body
    claims = ModelLogEntry.objects.filter(action=shopper_notices.EMAILED)
    assert claims.count() == 1


def test_shipping_email_tracking_link_is_encoded(
    role_client, order, django_capture_on_commit_callbacks
):
    client = role_client("stock")
    client.post(reverse("shop_orders:packed", args=[order.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("shop_orders:shipped", args=[order.pk]),
            {"carrier": "dhl", "tracking_number": "JJD 0001 2345"},
        )
    (message,) = mail.outbox
    link = "https://www.dhl.com/de-en/home/tracking.html?tracking-id=JJD%200001%202345"
    assert f"Follow the parcel: {link}\n" in message.body
    assert f'href="{link}"' in html_of(message)
