"""reconcile_payments and release_expired_reservations."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from shop.inventory.models import StockLevel
from shop.orders.models import Order, OrderStatus, Payment, PaymentStatus
from tests.factories import stocked_variant
from tests.shop.checkout.fixtures import make_order
from tests.shop.checkout.stripe_helpers import session_body

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def reserved_of(order):
    return StockLevel.objects.get(variant_id=order.lines.get().variant_id).reserved


def age(order, minutes):
    Order.objects.filter(pk=order.pk).update(
        reservation_expires_at=timezone.now() - timedelta(minutes=minutes)
    )


def test_release_expired_reservations_frees_only_lapsed_unpaid_orders(
    site_settings, stripe_api
):
    variant = stocked_variant(on_hand=10)
    lapsed = make_order(site_settings, [(variant, 1)])
    in_grace = make_order(site_settings, [(variant, 2)])
    current = make_order(site_settings, [(variant, 3)])
    age(lapsed, 6)
    age(in_grace, 2)  # Stripe's own expiry event still gets a chance

    output = run("release_expired_reservations")

    assert output.strip() == f"Released 1 reservation(s): {lapsed.reference}"
    lapsed.refresh_from_db()
    assert lapsed.status == OrderStatus.EXPIRED
    assert "expiry job" in lapsed.status_changes.last().note
    assert StockLevel.objects.get(variant=variant).reserved == 5
    for order in (in_grace, current):
        order.refresh_from_db()
        assert order.status == OrderStatus.PENDING_PAYMENT
    assert run("release_expired_reservations").strip() == "No expired reservations."


def test_reconcile_fulfils_a_paid_session_whose_webhook_was_missed(
    site_settings, stripe_api, django_capture_on_commit_callbacks
):
    variant = stocked_variant(on_hand=5)
    missed = make_order(site_settings, [(variant, 1)])
    lapsed = make_order(site_settings, [(variant, 1)])
    for order, session_id in ((missed, "cs_missed"), (lapsed, "cs_lapsed")):
        Payment.objects.create(
            order=order,
            stripe_session_id=session_id,
            amount=order.total,
            currency="EUR",
            status=PaymentStatus.OPEN,
        )
    sessions = {
        "object": "list",
        "has_more": False,
        "url": "/v1/checkout/sessions",
        "data": [
            session_body(
                session_id="cs_missed",
                reference=missed.reference,
                amount_total=2980,
                status="complete",
                payment_status="paid",
                payment_intent="pi_missed",
            ),
            session_body(
                session_id="cs_lapsed",
                reference=lapsed.reference,
                amount_total=2980,
                status="expired",
            ),
            session_body(session_id="cs_other_app", reference="", amount_total=100),
        ],
    }
    stripe_api.respond(200, sessions)

    with django_capture_on_commit_callbacks(execute=True):
        output = run("reconcile_payments", "--since", "2d")

    assert "Checked 3 checkout session(s)" in output
    assert f"fulfilled: 1 ({missed.reference})" in output
    assert f"released: 1 ({lapsed.reference})" in output
    assert "unknown-order: 1 (cs_other_app)" in output
    missed.refresh_from_db()
    lapsed.refresh_from_db()
    assert missed.status == OrderStatus.PAID
    assert "reconcile_payments" in missed.status_changes.last().note
    assert lapsed.status == OrderStatus.EXPIRED
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (4, 0)
    assert len(mail.outbox) == 1
    (request,) = stripe_api.requests
    assert request.path == "/v1/checkout/sessions"
    since = int(request.query["created[gte]"][0])
    assert abs(since - (timezone.now() - timedelta(days=2)).timestamp()) < 60

    # A second run finds nothing new to do.
    stripe_api.respond(200, sessions)
    with django_capture_on_commit_callbacks(execute=True):
        again = run("reconcile_payments", "--since", "2d")
    assert f"already-done: 1 ({missed.reference})" in again
    assert f"unchanged: 1 ({lapsed.reference})" in again
    assert len(mail.outbox) == 1


def test_reconcile_retries_an_owed_refund(
    site_settings, stripe_api, django_capture_on_commit_callbacks
):
    order = make_order(site_settings, [(stocked_variant(on_hand=1), 1)])
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.NEEDS_ATTENTION, refund_due=True
    )
    Payment.objects.create(
        order=order,
        stripe_session_id="cs_owed",
        stripe_payment_intent_id="pi_owed",
        amount=order.total,
        currency="EUR",
        status=PaymentStatus.PAID,
    )
    stripe_api.respond(
        200, {"object": "list", "has_more": False, "url": "/v1/x", "data": []}
    )
    stripe_api.respond(
        200,
        {
            "id": "re_retry",
            "object": "refund",
            "amount": 2980,
            "currency": "eur",
            "status": "succeeded",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        output = run("reconcile_payments", "--since", "6h")

    assert f"refund-retried: 1 ({order.reference})" in output
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED and not order.refund_due
    assert len(mail.outbox) == 1 and "Sorry" in mail.outbox[0].subject


@pytest.mark.parametrize("since", ["2", "two days", "2w", "-1d"])
def test_reconcile_rejects_a_bad_since(since):
    with pytest.raises(CommandError):
        run("reconcile_payments", "--since", since)
