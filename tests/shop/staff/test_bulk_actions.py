"""Bulk actions on the Orders listing: mark packed, print slips, export; each as the
role allows, with queries that do not grow with the selection (except the packing
itself, one locked change per order)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shop.orders.models import OrderStatus

from .conftest import assert_refused
from .orders_helpers import paid_order

pytestmark = pytest.mark.django_db
S = OrderStatus


def bulk_url(action, orders):
    ids = "&".join(f"id={order.pk}" for order in orders)
    url = reverse("wagtail_bulk_action", args=["orders", "order", action])
    return f"{url}?{ids}&next=/admin/orders/"


def test_listing_offers_the_bulk_actions(role_client, order):
    page = role_client("stock").get(reverse("shop_orders:index")).text
    for label in ("Mark packed", "Print packing slips", "Export CSV"):
        assert label in page
    assert f'id="order_{order.pk}_title"' in page


def test_stock_staff_pack_several_orders_skipping_one_that_cannot(
    role_client, site_settings, pending_order
):
    orders = [paid_order(site_settings) for _ in range(3)]
    client = role_client("stock")
    selection = [*orders, pending_order]
    confirm = client.get(bulk_url("mark_packed", selection))
    assert confirm.status_code == 200
    assert "Pending payment: cannot be packed" in confirm.text
    response = client.post(bulk_url("mark_packed", selection), follow=True)
    assert "3 orders marked packed." in response.text
    for order in orders:
        order.refresh_from_db()
        assert order.status == S.PACKED
        change = order.status_changes.get(to_status=S.PACKED)
        assert change.actor == client.user
    pending_order.refresh_from_db()
    assert pending_order.status == S.PENDING_PAYMENT
    assert "Not packed: " + pending_order.reference in response.text


def test_packing_slips_print_as_one_document(role_client, site_settings):
    orders = [paid_order(site_settings) for _ in range(2)]
    response = role_client("stock").get(bulk_url("packing_slips", orders))
    assert response.status_code == 200
    assert response.text.count('class="slip"') == 2
    for order in orders:
        assert order.reference in response.text
    assert "break-before: page" in response.text


def test_export_holds_only_the_selection(role_client, site_settings):
    chosen, other = paid_order(site_settings), paid_order(site_settings)
    response = role_client("manager").get(bulk_url("export_csv", [chosen]))
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].startswith("Reference,Placed,Status")
    assert chosen.reference in text and other.reference not in text


def test_marketer_cannot_use_order_bulk_actions(role_client, order):
    client = role_client("marketer")
    for action in ("mark_packed", "packing_slips", "export_csv"):
        response = client.get(bulk_url(action, [order]))
        if response.status_code == 200:
            assert order.reference not in response.text
        else:
            assert_refused(response)
    client.post(bulk_url("mark_packed", [order]))
    order.refresh_from_db()
    assert order.status == S.PAID


def count(client, method, url):
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return len(captured)


@pytest.mark.parametrize("action", ["packing_slips", "export_csv", "mark_packed"])
def test_reading_a_selection_costs_the_same_for_2_or_8_orders(
    role_client, site_settings, action
):
    client = role_client("manager")
    few = [paid_order(site_settings) for _ in range(2)]
    many = few + [paid_order(site_settings) for _ in range(6)]
    count(client, "get", bulk_url(action, few))  # warm permissions
    assert count(client, "get", bulk_url(action, few)) == count(
        client, "get", bulk_url(action, many)
    )


def test_bulk_packing_costs_a_fixed_number_of_queries_per_order(
    role_client, site_settings
):
    client = role_client("manager")
    count(client, "get", "/admin/")
    two = count(
        client,
        "post",
        bulk_url("mark_packed", [paid_order(site_settings) for _ in range(2)]),
    )
    six = count(
        client,
        "post",
        bulk_url("mark_packed", [paid_order(site_settings) for _ in range(6)]),
    )
    per_order = (six - two) / 4
    assert per_order == int(per_order) and per_order <= 12, (two, six)
    print("per order", per_order, "base", two - 2 * per_order)
