"""The Stripe webhook: signed, recorded once, applied forward only."""

import json
import time

import pytest
from django.core import mail
from django.test import Client

from shop.inventory.models import MovementReason, StockLevel, StockMovement
from shop.orders.models import (
    OrderStatus,
    Payment,
    PaymentStatus,
    ProcessedWebhookEvent,
    Refund,
    StockState,
)
from tests.factories import stocked_variant

from .fixtures import make_order
from .stripe_helpers import (
    charge_body,
    error_body,
    event,
    post_event,
    session_body,
)

pytestmark = pytest.mark.django_db

S = OrderStatus


def paid_session(order, **overrides):
    values = {
        "reference": order.reference,
        "amount_total": 5470,
        "status": "complete",
        "payment_status": "paid",
        "payment_intent": "pi_test_1",
    }
    return session_body(**{**values, **overrides})


def stock_of(order):
    line = order.lines.get()
    level = StockLevel.objects.get(variant_id=line.variant_id)
    return level.on_hand, level.reserved


@pytest.fixture
def webhook_client():
    # A real Stripe delivery carries no CSRF token: the endpoint must not need one.
    return Client(enforce_csrf_checks=True)


# --- verification -----------------------------------------------------------------


def test_a_forged_signature_is_refused_and_changes_nothing(
    webhook_client, pending_order
):
    body = event("checkout.session.completed", paid_session(pending_order))

    response = post_event(webhook_client, body, secret="whsec_someone_else")

    assert response.status_code == 400
    pending_order.refresh_from_db()
    assert pending_order.status == S.PENDING_PAYMENT
    assert not ProcessedWebhookEvent.objects.exists()
    assert stock_of(pending_order) == (5, 2)


def test_a_missing_signature_is_refused(webhook_client, pending_order):
    body = json.dumps(event("checkout.session.completed", paid_session(pending_order)))
    response = webhook_client.post(
        "/stripe/webhook/", data=body, content_type="application/json"
    )
    assert response.status_code == 400
    assert not ProcessedWebhookEvent.objects.exists()


def test_a_stale_timestamp_is_refused(webhook_client, pending_order):
    body = event("checkout.session.completed", paid_session(pending_order))
    response = post_event(webhook_client, body, timestamp=int(time.time()) - 600)
    assert response.status_code == 400
    pending_order.refresh_from_db()
    assert pending_order.status == S.PENDING_PAYMENT


def test_a_tampered_body_is_refused(webhook_client, pending_order):
    genuine = json.dumps(
        event(
            "checkout.session.expired",
            session_body(
                reference=pending_order.reference, amount_total=5470, status="expired"
            ),
        )
    )
    from .stripe_helpers import sign

    header = sign(genuine)
    tampered = genuine.replace('"expired"', '"complete"')
    response = webhook_client.post(
        "/stripe/webhook/",
        data=tampered,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400


def test_only_post_is_accepted(webhook_client):
    assert webhook_client.get("/stripe/webhook/").status_code == 405


# --- checkout.session.completed ---------------------------------------------------


def test_a_paid_session_commits_the_sale_and_sends_one_confirmation(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    order = pending_order
    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            webhook_client, event("checkout.session.completed", paid_session(order))
        )

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == S.PAID
    assert order.stock_state == StockState.SOLD
    assert order.paid_at is not None
    assert stock_of(order) == (3, 0)
    sold = StockMovement.objects.filter(
        reason=MovementReason.SOLD, reference=order.reference
    )
    assert sold.count() == 1
    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.stripe_payment_intent_id) == (
        PaymentStatus.PAID,
        "pi_test_1",
    )
    assert order.cart.lines.count() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["shopper@example.com"]
    assert order.reference in mail.outbox[0].subject
    assert list(order.status_changes.values_list("to_status", flat=True)) == [
        S.PENDING_PAYMENT,
        S.PAID,
    ]


def test_a_repeated_event_is_acknowledged_and_does_nothing(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    body = event("checkout.session.completed", paid_session(pending_order))
    with django_capture_on_commit_callbacks(execute=True):
        first = post_event(webhook_client, body)
    with django_capture_on_commit_callbacks(execute=True):
        again = post_event(webhook_client, body)

    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["outcome"] == "duplicate"
    assert ProcessedWebhookEvent.objects.filter(event_id=body["id"]).count() == 1
    assert StockMovement.objects.filter(reason=MovementReason.SOLD).count() == 1
    assert len(mail.outbox) == 1


def test_the_same_payment_reported_by_two_events_is_fulfilled_once(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    session = paid_session(pending_order)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(webhook_client, event("checkout.session.completed", session))
        second = post_event(
            webhook_client, event("checkout.session.async_payment_succeeded", session)
        )

    assert second.json()["outcome"] == "already-done"
    assert StockMovement.objects.filter(reason=MovementReason.SOLD).count() == 1
    assert len(mail.outbox) == 1


def test_a_delayed_payment_waits_then_succeeds(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    order = pending_order
    unpaid = paid_session(order, payment_status="unpaid", payment_intent="pi_slow")
    with django_capture_on_commit_callbacks(execute=True):
        post_event(webhook_client, event("checkout.session.completed", unpaid))
    order.refresh_from_db()
    assert order.status == S.AWAITING_PAYMENT
    assert stock_of(order) == (5, 2)  # still held for the shopper
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            webhook_client,
            event(
                "checkout.session.async_payment_succeeded",
                paid_session(order, payment_intent="pi_slow"),
            ),
        )
    order.refresh_from_db()
    assert order.status == S.PAID
    assert stock_of(order) == (3, 0)
    assert len(mail.outbox) == 1


def test_a_delayed_payment_that_fails_releases_the_stock(webhook_client, pending_order):
    order = pending_order
    unpaid = paid_session(order, payment_status="unpaid")
    post_event(webhook_client, event("checkout.session.completed", unpaid))

    post_event(webhook_client, event("checkout.session.async_payment_failed", unpaid))

    order.refresh_from_db()
    assert order.status == S.PAYMENT_FAILED
    assert order.stock_state == StockState.RELEASED
    assert stock_of(order) == (5, 0)
    assert Payment.objects.get(order=order).status == PaymentStatus.FAILED


# --- expiry and order of arrival ---------------------------------------------------


def test_an_expired_session_releases_the_reservation(webhook_client, pending_order):
    order = pending_order
    expired = session_body(
        reference=order.reference, amount_total=5470, status="expired"
    )

    response = post_event(webhook_client, event("checkout.session.expired", expired))

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == S.EXPIRED
    assert stock_of(order) == (5, 0)
    released = StockMovement.objects.get(
        reason=MovementReason.RELEASED, reference=order.reference
    )
    assert released.delta_reserved == -2


def test_expired_after_completed_changes_nothing(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    order = pending_order
    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            webhook_client, event("checkout.session.completed", paid_session(order))
        )
    expired = session_body(
        reference=order.reference, amount_total=5470, status="expired"
    )

    response = post_event(webhook_client, event("checkout.session.expired", expired))

    assert response.status_code == 200
    assert response.json()["outcome"] == "unchanged"
    order.refresh_from_db()
    assert order.status == S.PAID
    assert stock_of(order) == (3, 0)
    assert not StockMovement.objects.filter(reason=MovementReason.RELEASED).exists()


def test_completed_after_expired_sells_again_when_stock_is_still_there(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    order = pending_order
    expired = session_body(
        reference=order.reference, amount_total=5470, status="expired"
    )
    post_event(webhook_client, event("checkout.session.expired", expired))

    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            webhook_client, event("checkout.session.completed", paid_session(order))
        )

    order.refresh_from_db()
    assert order.status == S.PAID
    assert stock_of(order) == (3, 0)
    assert "lapsed" in order.status_changes.last().note
    assert len(mail.outbox) == 1


def test_paid_but_sold_out_goes_to_needs_attention_and_is_refunded_automatically(
    webhook_client, stripe_api, site_settings, django_capture_on_commit_callbacks
):
    variant = stocked_variant(on_hand=2)
    order = make_order(site_settings, [(variant, 2)])
    expired = session_body(
        reference=order.reference, amount_total=5470, status="expired"
    )
    post_event(webhook_client, event("checkout.session.expired", expired))
    # Someone else buys the last two units meanwhile.
    make_order(site_settings, [(variant, 2)])
    stripe_api.respond(
        200,
        {
            "id": "re_auto_1",
            "object": "refund",
            "amount": 5470,
            "currency": "eur",
            "status": "succeeded",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            webhook_client, event("checkout.session.completed", paid_session(order))
        )

    assert response.json()["outcome"] == "unfulfillable"
    order.refresh_from_db()
    assert order.status == S.REFUNDED
    assert not order.refund_due
    history = list(order.status_changes.values_list("to_status", flat=True))
    assert history == [S.PENDING_PAYMENT, S.EXPIRED, S.NEEDS_ATTENTION, S.REFUNDED]
    (refund_request,) = stripe_api.requests
    assert refund_request.path == "/v1/refunds"
    assert refund_request.param("payment_intent") == "pi_test_1"
    assert "amount" not in refund_request.form  # the whole payment
    assert refund_request.header("Idempotency-Key") == (
        f"unknot-refund-unfulfillable-{order.reference}"
    )
    refund = Refund.objects.get(order=order)
    assert (refund.stripe_refund_id, str(refund.amount)) == ("re_auto_1", "54.70")
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (2, 2)  # the other shopper's units
    (apology,) = mail.outbox
    assert "Sorry" in apology.subject
    assert "refunded the full amount" in apology.body


def test_a_failed_automatic_refund_keeps_the_debt_for_reconcile(
    webhook_client, stripe_api, site_settings, django_capture_on_commit_callbacks
):
    variant = stocked_variant(on_hand=1)
    order = make_order(site_settings, [(variant, 1)])
    post_event(
        webhook_client,
        event(
            "checkout.session.expired",
            session_body(
                reference=order.reference, amount_total=2980, status="expired"
            ),
        ),
    )
    make_order(site_settings, [(variant, 1)])
    stripe_api.respond(500, error_body("api_error", "Stripe is having a moment."))

    with django_capture_on_commit_callbacks(execute=True):
        post_event(
            webhook_client,
            event("checkout.session.completed", paid_session(order, amount_total=2980)),
        )

    order.refresh_from_db()
    assert order.status == S.NEEDS_ATTENTION
    assert order.refund_due
    assert not Refund.objects.exists()
    assert mail.outbox == []


def test_a_paid_amount_that_differs_from_the_order_needs_attention(
    webhook_client, pending_order
):
    order = pending_order
    post_event(
        webhook_client,
        event("checkout.session.completed", paid_session(order, amount_total=100)),
    )
    order.refresh_from_db()
    assert order.status == S.NEEDS_ATTENTION
    assert "Check the payment by hand" in order.status_changes.last().note
    assert stock_of(order) == (5, 2)


# --- refunds from Stripe -----------------------------------------------------------


def _paid(webhook_client, order, capture):
    with capture(execute=True):
        post_event(
            webhook_client, event("checkout.session.completed", paid_session(order))
        )


def test_a_partial_refund_is_recorded_once(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    order = pending_order
    _paid(webhook_client, order, django_capture_on_commit_callbacks)
    charge = charge_body(
        payment_intent="pi_test_1",
        amount=5470,
        amount_refunded=2490,
        refunds=[("re_dash_1", 2490)],
    )

    post_event(webhook_client, event("charge.refunded", charge))
    post_event(webhook_client, event("charge.refunded", charge))  # a new event id

    order.refresh_from_db()
    assert order.status == S.PARTIALLY_REFUNDED
    assert Refund.objects.filter(order=order).count() == 1
    assert str(order.amount_refunded()) == "24.90"


def test_a_full_refund_without_refund_details_is_still_recorded(
    webhook_client, pending_order, django_capture_on_commit_callbacks
):
    order = pending_order
    _paid(webhook_client, order, django_capture_on_commit_callbacks)
    charge = charge_body(payment_intent="pi_test_1", amount=5470, amount_refunded=5470)

    post_event(webhook_client, event("charge.refunded", charge))

    order.refresh_from_db()
    assert order.status == S.REFUNDED
    assert str(order.amount_refunded()) == "54.70"
    assert Payment.objects.get(order=order).status == PaymentStatus.REFUNDED


def test_unknown_orders_and_unhandled_types_are_acknowledged(webhook_client):
    unknown = post_event(
        webhook_client,
        event(
            "checkout.session.completed",
            session_body(
                reference="UK-NOPE0-NOPE0",
                amount_total=1,
                status="complete",
                payment_status="paid",
            ),
        ),
    )
    other = post_event(webhook_client, event("customer.created", {"id": "cus_1"}))

    assert unknown.status_code == other.status_code == 200
    assert unknown.json()["outcome"] == "unknown-order"
    assert other.json()["outcome"] == "ignored"
    assert ProcessedWebhookEvent.objects.count() == 2


def test_money_for_a_cancelled_order_is_given_back(
    webhook_client, stripe_api, pending_order, django_capture_on_commit_callbacks
):
    from shop.orders.cancellation import abandon_order

    order = pending_order
    abandon_order(order, note="The shopper cancelled on the payment page.")
    stripe_api.respond(
        200,
        {
            "id": "re_cancelled",
            "object": "refund",
            "amount": 5470,
            "currency": "eur",
            "status": "succeeded",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(
            webhook_client, event("checkout.session.completed", paid_session(order))
        )

    assert response.status_code == 200
    assert response.json()["outcome"] == "unfulfillable"
    order.refresh_from_db()
    assert list(order.status_changes.values_list("to_status", flat=True)) == [
        S.PENDING_PAYMENT,
        S.CANCELLED,
        S.NEEDS_ATTENTION,
        S.REFUNDED,
    ]
    assert stock_of(order) == (5, 0)
    assert Refund.objects.get(order=order).stripe_refund_id == "re_cancelled"
