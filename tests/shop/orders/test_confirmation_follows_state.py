"""The "we are getting your parcel ready" e-mail goes only to orders we will send.

An order paid after its reservation lapsed and refunded because the last unit had
sold meanwhile must never get it, whether a job, a retry or a webhook asks.
"""

import pytest
from django.core import mail
from django.utils import timezone

from shop.orders.emails import send_order_confirmation
from shop.orders.jobs import reconcile
from shop.orders.models import Order, OrderStatus
from tests.factories import stocked_variant
from tests.shop.checkout.fixtures import make_order

pytestmark = pytest.mark.django_db

S = OrderStatus
EMPTY_SESSION_LIST = {"object": "list", "has_more": False, "url": "/v1/x", "data": []}


def paid_order_in(site_settings, status: str, **fields) -> Order:
    order = make_order(site_settings, [(stocked_variant(on_hand=3), 1)])
    Order.objects.filter(pk=order.pk).update(
        status=status, paid_at=timezone.now(), **fields
    )
    return order


@pytest.mark.parametrize(
    "status", [S.REFUNDED, S.CANCELLED, S.NEEDS_ATTENTION, S.EXPIRED, S.PAYMENT_FAILED]
)
def test_no_confirmation_for_an_order_we_will_not_send(site_settings, status):
    order = paid_order_in(site_settings, status)

    assert send_order_confirmation(order.pk) is False

    assert mail.outbox == []
    order.refresh_from_db()
    assert order.confirmation_sent_at is None


def test_no_confirmation_while_a_refund_is_owed(site_settings):
    order = paid_order_in(site_settings, S.PAID, refund_due=True)

    assert send_order_confirmation(order.pk) is False
    assert mail.outbox == []


@pytest.mark.parametrize(
    "status", [S.PAID, S.PACKED, S.SHIPPED, S.DELIVERED, S.PARTIALLY_REFUNDED]
)
def test_orders_on_their_way_are_confirmed_once(site_settings, status):
    order = paid_order_in(site_settings, status)

    assert send_order_confirmation(order.pk) is True
    assert send_order_confirmation(order.pk) is False

    assert [m.to for m in mail.outbox] == [[order.email]]


def test_reconcile_does_not_confirm_an_order_refunded_for_lack_of_stock(
    site_settings, stripe_api, django_capture_on_commit_callbacks
):
    """The case found from outside: paid late, refunded, then "confirmed"."""
    refunded = paid_order_in(site_settings, S.REFUNDED)
    shipped = paid_order_in(site_settings, S.SHIPPED)
    stripe_api.respond(200, EMPTY_SESSION_LIST)

    with django_capture_on_commit_callbacks(execute=True):
        report = reconcile(since=timezone.now() - timezone.timedelta(days=1))

    assert report.get("confirmation-resent") == [shipped.reference]
    assert [m.to for m in mail.outbox] == [[shipped.email]]
    refunded.refresh_from_db()
    assert refunded.confirmation_sent_at is None
