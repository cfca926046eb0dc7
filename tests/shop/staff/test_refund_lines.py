"""Refunds from lines: the amount follows the units and shipping chosen, capped at
what is refundable; staff may lower it, never raise it; units are refunded once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from shop.orders.models import OrderStatus
from tests.factories import stocked_variant

from .orders_helpers import paid_order, refund_response

pytestmark = pytest.mark.django_db
S = OrderStatus


def lines_of(order):
    mat = order.lines.get(unit_price=Decimal("24.90"))
    roll = order.lines.get(unit_price=Decimal("19.90"))
    return mat, roll


def post(client, order, data):
    url = reverse("shop_orders:refund", args=[order.pk])
    return client.post(url, {"reason": "Damaged in transit", **data})


def test_amount_follows_lines_and_shipping(role_client, site_settings, stripe_api):
    order = paid_order(
        site_settings,
        [
            (stocked_variant(on_hand=5, price=Decimal("24.90")), 1),
            (stocked_variant(on_hand=5, price=Decimal("19.90")), 1),
        ],
    )
    assert order.shipping_total > 0
    mat, roll = lines_of(order)
    expected = Decimal("24.90") + order.shipping_total
    stripe_api.respond(200, refund_response(int(expected * 100), "re_lines"))
    client = role_client("manager")
    form = client.get(reverse("shop_orders:refund", args=[order.pk])).text
    assert f'name="refund_{mat.pk}"' in form and 'name="refund_shipping"' in form
    response = post(
        client,
        order,
        {"key": "a", f"refund_{mat.pk}": "1", "refund_shipping": "on", "amount": ""},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert stripe_api.requests[-1].param("amount") == str(int(expected * 100))
    refund = order.refunds.get()
    assert refund.amount == expected
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_REFUNDED
    # What is left to choose: the roller, not the mat, not shipping.
    page = client.get(reverse("shop_orders:refund", args=[order.pk]))
    form = page.context["form"]
    assert f"refund_{mat.pk}" not in form.fields
    assert form.fields[f"refund_{roll.pk}"].max_value == 1
    assert "refund_shipping" not in form.fields


def test_units_already_refunded_cannot_be_refunded_again(
    role_client, order, stripe_api
):
    mat, _roll = lines_of(order)
    stripe_api.respond(200, refund_response(4980, "re_two"))
    client = role_client("manager")
    post(client, order, {"key": "a", f"refund_{mat.pk}": "2"})
    calls = len(stripe_api.requests)
    response = post(client, order, {"key": "b", f"refund_{mat.pk}": "1"})
    assert response.status_code == 200
    assert "refund_" + str(mat.pk) not in response.context["form"].fields
    assert order.refunds.count() == 1 and len(stripe_api.requests) == calls


def test_staff_may_lower_the_amount_but_not_raise_it(role_client, order, stripe_api):
    mat, roll = lines_of(order)
    client = role_client("manager")
    too_much = post(
        client, order, {"key": "a", f"refund_{roll.pk}": "1", "amount": "19.91"}
    )
    assert too_much.status_code == 200
    assert "The lines chosen come to 19.90" in too_much.text
    assert not stripe_api.requests
    stripe_api.respond(200, refund_response(1000, "re_lower"))
    lowered = post(
        client,
        order,
        {
            "key": "b",
            f"refund_{roll.pk}": "1",
            f"restock_{roll.pk}": "1",
            "amount": "10.00",
        },
    )
    assert lowered.status_code == 302
    refund = order.refunds.get()
    assert refund.amount == Decimal("10.00")
    assert refund.restocked_lines[0]["quantity"] == 1


def test_lines_worth_more_than_refundable_are_capped(role_client, order, stripe_api):
    mat, roll = lines_of(order)
    client = role_client("manager")
    stripe_api.respond(200, refund_response(5000, "re_goodwill"))
    post(client, order, {"key": "a", "amount": "50.00"})
    left = order.total - Decimal("50.00")
    stripe_api.respond(200, refund_response(int(left * 100), "re_rest"))
    response = post(
        client,
        order,
        {
            "key": "b",
            f"refund_{mat.pk}": "2",
            f"refund_{roll.pk}": "1",
            "refund_shipping": "on",
        },
    )
    assert response.status_code == 302
    assert stripe_api.requests[-1].param("amount") == str(int(left * 100))
    order.refresh_from_db()
    assert order.status == S.REFUNDED


def test_no_lines_and_no_amount_is_a_clear_error(role_client, order, stripe_api):
    response = post(role_client("manager"), order, {"key": "a"})
    assert response.status_code == 200
    assert "Choose lines to refund or enter an amount" in response.text
    assert not stripe_api.requests
