"""The order state machine: every status change goes through `transition`."""

import pytest
from django.contrib.auth import get_user_model

from shop.orders.exceptions import IllegalTransition
from shop.orders.models import Order, OrderStatus, OrderStatusChange, new_reference
from shop.orders.status import TRANSITIONS, allowed_transitions, transition
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

S = OrderStatus


def test_every_status_has_a_row_in_the_transition_table():
    assert set(TRANSITIONS) == set(OrderStatus.values)
    for targets in TRANSITIONS.values():
        assert targets <= set(OrderStatus.values)


def test_a_legal_transition_changes_the_status_and_writes_history():
    order = OrderFactory()
    staff = get_user_model().objects.create_user("packer", password="x")

    transition(order, S.PAID, note="Stripe says paid")
    transition(order, S.PACKED, actor=staff, note="Packed by hand")

    order.refresh_from_db()
    assert order.status == S.PACKED
    history = list(
        order.status_changes.values_list("from_status", "to_status", "note", "actor")
    )
    assert history == [
        (S.PENDING_PAYMENT, S.PAID, "Stripe says paid", None),
        (S.PAID, S.PACKED, "Packed by hand", staff.pk),
    ]


@pytest.mark.parametrize(
    "from_status,to_status",
    [
        (S.PAID, S.EXPIRED),  # a late `expired` event after `completed`
        (S.PAID, S.PENDING_PAYMENT),
        (S.SHIPPED, S.PACKED),
        (S.REFUNDED, S.PAID),
        (S.EXPIRED, S.PENDING_PAYMENT),
        (S.DELIVERED, S.SHIPPED),
        (S.PAID, S.PAID),
    ],
)
def test_illegal_transitions_are_refused_and_change_nothing(from_status, to_status):
    order = OrderFactory(status=from_status)

    with pytest.raises(IllegalTransition) as refused:
        transition(order, to_status)

    assert (refused.value.from_status, refused.value.to_status) == (
        from_status,
        to_status,
    )
    order.refresh_from_db()
    assert order.status == from_status
    assert not OrderStatusChange.objects.filter(order=order).exists()


def test_an_unknown_status_is_refused():
    order = OrderFactory()
    with pytest.raises(IllegalTransition):
        transition(order, "teleported")
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


def test_money_arriving_after_expiry_may_still_be_honoured():
    assert S.PAID in TRANSITIONS[S.EXPIRED]
    assert S.NEEDS_ATTENTION in TRANSITIONS[S.PAYMENT_FAILED]
    assert TRANSITIONS[S.REFUNDED] == frozenset()


def test_allowed_transitions_lists_next_states_in_declaration_order():
    order = OrderFactory(status=S.SHIPPED)
    assert allowed_transitions(order) == [
        S.NEEDS_ATTENTION,
        S.DELIVERED,
        S.REFUNDED,
        S.PARTIALLY_REFUNDED,
    ]


def test_references_are_unguessable_and_unique():
    references = {new_reference() for _ in range(2000)}
    assert len(references) == 2000
    sample = next(iter(references))
    assert sample.startswith("UK-") and len(sample) == 14
    assert not set(sample[3:].replace("-", "")) & set("01OIL")
    assert OrderFactory().reference != OrderFactory().reference
    assert Order.objects.count() == 2
