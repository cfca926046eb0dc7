"""The money path under real concurrency (PostgreSQL row locks, real threads)."""

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core import mail
from django.db import connection, connections
from django.test import Client
from wagtail.models import Site

from home.models import SiteSettings
from home.site_setup import ensure_site_tree
from shop.checkout.exceptions import OutOfStock
from shop.checkout.webhooks import handle_webhook
from shop.inventory.models import MovementReason, StockLevel, StockMovement
from shop.orders.models import Order, OrderStatus, ProcessedWebhookEvent
from shop.orders.payment_events import fulfil_checkout_session
from shop.payments.types import CheckoutSession
from tests.factories import stocked_variant

from .fixtures import make_order
from .stripe_helpers import event, session_body, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(count, work):
    barrier = threading.Barrier(count)

    def worker(index):
        barrier.wait()
        try:
            return work(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


@pytest.fixture
def shop_settings(transactional_db):
    # Transactional tests flush the tables, the migration-made site included.
    ensure_site_tree()
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def test_thirty_checkouts_for_ten_units_make_exactly_ten_orders(shop_settings):
    assert connection.vendor == "postgresql"
    variant = stocked_variant(on_hand=10)

    def checkout(index):
        try:
            make_order(shop_settings, [(variant, 1)])
            return "reserved"
        except OutOfStock as error:
            (line,) = error.lines
            assert (line.sku, line.requested, line.available) == (variant.sku, 1, 0)
            return "out of stock"

    outcomes = run_in_threads(30, checkout)

    assert outcomes.count("reserved") == 10
    assert outcomes.count("out of stock") == 20
    assert Order.objects.count() == 10
    assert set(Order.objects.values_list("status", flat=True)) == {
        OrderStatus.PENDING_PAYMENT
    }
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (10, 10)
    movements = StockMovement.objects.filter(
        stock=level, reason=MovementReason.RESERVED
    )
    assert movements.count() == 10
    assert sorted(movements.values_list("reference", flat=True)) == sorted(
        Order.objects.values_list("reference", flat=True)
    )
    # The ledger adds up to the stock figures.
    assert sum(m.delta_reserved for m in level.movements.all()) == level.reserved
    assert max(m.reserved_after for m in movements) == 10


def test_webhook_and_success_page_fulfilling_at_once_sell_once_and_email_once(
    shop_settings,
):
    variant = stocked_variant(on_hand=5)
    order = make_order(shop_settings, [(variant, 2)])
    session = session_body(
        reference=order.reference,
        amount_total=5470,
        status="complete",
        payment_status="paid",
        payment_intent="pi_race",
    )

    def fulfil(index):
        if index % 2:
            return fulfil_checkout_session(
                CheckoutSession.from_stripe(session), via="success"
            )
        payload = json.dumps(event("checkout.session.completed", session))
        return handle_webhook(payload.encode(), sign(payload))

    outcomes = run_in_threads(8, fulfil)

    assert outcomes.count("fulfilled") == 1
    assert outcomes.count("already-done") == 7
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (3, 0)
    assert StockMovement.objects.filter(reason=MovementReason.SOLD).count() == 1
    assert len(mail.outbox) == 1


def test_one_event_delivered_concurrently_is_processed_once(shop_settings):
    variant = stocked_variant(on_hand=5)
    order = make_order(shop_settings, [(variant, 1)])
    payload = json.dumps(
        event(
            "checkout.session.completed",
            session_body(
                reference=order.reference,
                amount_total=2980,
                status="complete",
                payment_status="paid",
                payment_intent="pi_dup",
            ),
            event_id="evt_same_delivery",
        )
    )
    header = sign(payload)

    def deliver(index):
        response = Client().post(
            "/stripe/webhook/",
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=header,
        )
        return response.status_code, response.json()["outcome"]

    results = run_in_threads(6, deliver)

    assert [status for status, _ in results] == [200] * 6
    outcomes = [outcome for _, outcome in results]
    assert outcomes.count("fulfilled") == 1
    assert outcomes.count("duplicate") == 5
    assert ProcessedWebhookEvent.objects.count() == 1
    assert StockMovement.objects.filter(reason=MovementReason.SOLD).count() == 1
    assert len(mail.outbox) == 1
