"""The local test payment provider: dev only, same interface, same webhook path."""

import re

import pytest
from django.core import mail
from django.core.checks import run_checks
from django.test import override_settings

from shop.inventory.models import StockLevel
from shop.orders.models import (
    Order,
    OrderStatus,
    PaymentStatus,
    ProcessedWebhookEvent,
)
from shop.payments import gateway as payments
from shop.payments import types
from tests.factories import stocked_variant
from tests.home.test_settings_profiles import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

LOCAL = {
    "DEBUG": True,
    "SHOP_TEST_PAYMENTS": True,
    "STRIPE_SECRET_KEY": "",
    "STRIPE_WEBHOOK_SECRET": "",
    "SHOP_TEST_PAYMENTS_WEBHOOK_SECRET": "whsec_local_for_tests",
}


def start_checkout(client, variant, quantity=1):
    client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})
    html = client.get("/checkout/").content.decode()
    assert "Test mode." in html
    fingerprint = re.search(r'name="cart_fingerprint" value="([0-9a-f]+)"', html)
    response = client.post(
        "/checkout/",
        {
            "email": "dev@example.com",
            "full_name": "Dev Eloper",
            "address_line1": "Teststraße 1",
            "postcode": "10115",
            "city": "Berlin",
            "country": "DE",
            "shipping_method": "express",
            "cart_fingerprint": fingerprint.group(1),
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/checkout/test-payment/cs_local_")
    return response["Location"]


@override_settings(**LOCAL)
def test_paying_on_the_test_page_fulfils_through_the_signed_webhook_path(
    client, django_capture_on_commit_callbacks
):
    variant = stocked_variant(on_hand=3)
    payment_page = start_checkout(client, variant, 2)
    page = client.get(payment_page)
    assert "Local test payment provider" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(payment_page, {"action": "pay"}, follow=True)

    assert "Thank you, your order is confirmed" in response.content.decode()
    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    assert order.payments.get().provider == "test"
    assert order.payments.get().status == PaymentStatus.PAID
    event = ProcessedWebhookEvent.objects.get()
    assert (event.event_type, event.order_reference) == (
        "checkout.session.completed",
        order.reference,
    )
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (1, 0)
    assert len(mail.outbox) == 1
    assert order.total == variant.price * 2 + types.from_minor_units(990, "EUR")


@override_settings(**LOCAL)
def test_a_declined_card_charges_nothing_and_keeps_the_session_open(client):
    variant = stocked_variant(on_hand=3)
    payment_page = start_checkout(client, variant)

    response = client.post(payment_page, {"action": "decline"})

    assert response.status_code == 402
    assert "Your card was declined (test)" in response.content.decode()
    order = Order.objects.get()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert StockLevel.objects.get(variant=variant).reserved == 1


@override_settings(**LOCAL)
def test_abandoning_expires_the_session_through_the_webhook_path(client):
    variant = stocked_variant(on_hand=3)
    payment_page = start_checkout(client, variant)

    response = client.post(payment_page, {"action": "abandon"})

    assert response["Location"] == "/cart/"
    order = Order.objects.get()
    assert order.status == OrderStatus.EXPIRED
    assert StockLevel.objects.get(variant=variant).reserved == 0
    assert ProcessedWebhookEvent.objects.get().event_type == "checkout.session.expired"
    cart = client.get("/cart/").content.decode()
    assert "Nothing was charged" in cart


@override_settings(**LOCAL)
def test_a_local_event_signed_with_another_secret_is_refused():
    from shop.payments import local_backend

    payload = '{"id": "evt_x", "type": "checkout.session.completed", "data": {}}'
    with pytest.raises(types.WebhookVerificationError):
        payments.construct_webhook_event(
            payload.encode(), local_backend.sign(payload, "whsec_wrong")
        )


@override_settings(**{**LOCAL, "DEBUG": False})
def test_the_test_provider_is_off_without_debug(client):
    assert not payments.local_provider_enabled()
    response = client.get("/checkout/test-payment/cs_local_anything/")
    assert response.status_code == 404
    # Local signatures are no longer accepted either.
    assert payments.webhook_secrets() == []


@override_settings(**{**LOCAL, "STRIPE_SECRET_KEY": "sk_test_real"})
def test_real_keys_always_win_over_the_test_provider():
    assert payments.provider() == payments.STRIPE
    assert not payments.local_provider_enabled()


def test_a_system_check_refuses_the_test_provider_without_debug(settings):
    settings.SHOP_TEST_PAYMENTS = True
    settings.DEBUG = False
    ids = [message.id for message in run_checks()]
    assert "checkout.E001" in ids

    settings.DEBUG = True
    assert "checkout.E001" not in [message.id for message in run_checks()]


def test_a_system_check_enforces_stripes_session_lifetime(settings):
    settings.SHOP_RESERVATION_MINUTES = 15
    assert "checkout.E002" in [message.id for message in run_checks()]
    settings.SHOP_RESERVATION_MINUTES = 30
    assert "checkout.E002" not in [message.id for message in run_checks()]


def _payment_settings(profile, env):
    result = run_manage(
        f"config.settings.{profile}",
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "from shop.payments.gateway import provider_name as p;"
        "print(s.DEBUG, s.SHOP_TEST_PAYMENTS, p())",
        extra_env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()[-3:]


def test_dev_settings_use_the_test_provider_only_without_stripe_keys():
    assert _payment_settings("dev", {}) == ["True", "True", "test"]
    assert _payment_settings("dev", {"STRIPE_SECRET_KEY": "sk_test_x"}) == [
        "True",
        "False",
        "stripe",
    ]


def test_production_settings_cannot_enable_the_test_provider():
    env = {**PRODUCTION_ENV, "SHOP_TEST_PAYMENTS": "1", "DEBUG": "1"}
    assert _payment_settings("production", env) == ["False", "False", "stripe"]


def test_the_demo_and_test_order_helper_refuses_without_the_local_provider():
    from shop.checkout.local_provider import place_paid_order
    from shop.orders.models import Order

    variant = stocked_variant(on_hand=5)
    with pytest.raises(RuntimeError, match="local test payment provider"):
        place_paid_order(details=None, lines=[(variant.pk, 1)], site_url="http://x")
    assert not Order.objects.exists()
    assert StockLevel.objects.get(variant=variant).reserved == 0
