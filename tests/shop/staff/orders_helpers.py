"""Orders in the states staff meet them in, made through checkout's own code."""

from decimal import Decimal

from shop.orders.payment_events import fulfil_checkout_session
from shop.payments import types
from tests.factories import stocked_variant
from tests.shop.checkout.fixtures import make_order
from tests.shop.checkout.stripe_helpers import session_body

_counter = {"n": 0}


def paid_order(site_settings, lines=None):
    """An order paid through the same fulfilment code the webhook uses.

    Default: 2 × MAT (€24.90) + 1 × ROLL (€19.90) + €4.90 shipping... shipping is
    whatever site settings say; the captured amount is the order total.
    """
    if lines is None:
        lines = [
            (stocked_variant(on_hand=5, price=Decimal("24.90")), 2),
            (stocked_variant(on_hand=5, price=Decimal("19.90")), 1),
        ]
    order = make_order(site_settings, lines)
    _counter["n"] += 1
    session = types.CheckoutSession.from_stripe(
        session_body(
            session_id=f"cs_test_staff_{_counter['n']}",
            reference=order.reference,
            amount_total=types.to_minor_units(order.total, order.currency),
            status="complete",
            payment_status="paid",
            payment_intent=f"pi_test_staff_{_counter['n']}",
        )
    )
    fulfil_checkout_session(session, via="test")
    order.refresh_from_db()
    return order


def refund_response(amount_minor: int, refund_id: str = "re_test_1") -> dict:
    return {
        "id": refund_id,
        "object": "refund",
        "amount": amount_minor,
        "currency": "eur",
        "status": "succeeded",
        "payment_intent": "pi_test",
    }
