"""Admin-home panels per role: figures, links to the lists behind them, a minute's
cache, and queries that do not grow with the number of orders."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.inventory.models import PurchaseOrder, PurchaseOrderLine
from shop.orders import fulfilment
from shop.orders.models import Order, OrderStatus
from tests.factories import stocked_variant

from .orders_helpers import paid_order

pytestmark = pytest.mark.django_db
S = OrderStatus


def home(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.text


def queries_for_home(client):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        home(client)
    return len(captured)


def test_manager_sees_sales_work_waiting_and_refunds_with_links(
    role_client, site_settings
):
    first = paid_order(site_settings)
    second = paid_order(site_settings)
    fulfilment.mark_packed(order_id=second.pk, actor=None)
    page = home(role_client("manager"))
    assert "Shop today" in page and "Orders to pack and ship" in page
    total = first.total + second.total
    assert f"€{total}" in page  # today and the last 7 days
    assert "/admin/orders/?status=paid" in page
    assert "/admin/orders/?status=packed" in page
    assert "/admin/reports/sales/?paid_at_from=" in page
    assert first.reference in page and second.reference in page


def test_stock_staff_see_orders_to_pack_oldest_first_but_no_sales(
    role_client, site_settings
):
    older = paid_order(site_settings)
    Order.objects.filter(pk=older.pk).update(paid_at=timezone.now() - timedelta(days=2))
    newer = paid_order(site_settings)
    page = home(role_client("stock"))
    assert "Orders to pack and ship" in page and "Low stock" in page
    assert "Shop today" not in page and "Sales today" not in page
    assert page.index(older.reference) < page.index(newer.reference)
    assert f"/admin/orders/{older.pk}/" in page


def test_stock_staff_see_deliveries_expected_late_first(role_client, variant):
    on_time = PurchaseOrder.objects.create(
        supplier="Later GmbH", expected_on=timezone.localdate() + timedelta(days=3)
    )
    late = PurchaseOrder.objects.create(
        supplier="Late Ltd", expected_on=timezone.localdate() - timedelta(days=1)
    )
    done = PurchaseOrder.objects.create(supplier="Done AG")
    for po in (on_time, late, done):
        PurchaseOrderLine.objects.create(
            purchase_order=po,
            stock=variant.stock,
            quantity_ordered=2,
            quantity_received=2 if po is done else 0,
        )
    page = home(role_client("stock"))
    assert "Deliveries expected" in page
    assert page.index(late.reference) < page.index(on_time.reference)
    assert done.reference not in page and ">late<" in page
    assert f"/admin/purchase-orders/{late.pk}/receive/" in page


def test_marketer_sees_no_shop_panel(role_client, site_settings):
    paid_order(site_settings)
    page = home(role_client("marketer"))
    for heading in ("Shop today", "Orders to pack", "Low stock", "Deliveries"):
        assert heading not in page


def test_figures_are_cached_for_a_minute(role_client, site_settings):
    client = role_client("manager")
    order = paid_order(site_settings)
    home(client)
    fulfilment.mark_packed(order_id=order.pk, actor=None)
    # Within the minute the panel still shows the order as waiting to be packed...
    with CaptureQueriesContext(connection) as cached_run:
        assert "To pack: <a" in home(client)
    assert not [q for q in cached_run if 'FROM "orders_order"' in q["sql"]]
    cache.clear()  # ...a minute later it is read again.
    assert queries_for_home(client) > len(cached_run)


@pytest.mark.parametrize("role", ["manager", "stock"])
def test_panel_queries_do_not_grow_with_orders(role_client, site_settings, role):
    client = role_client(role)
    for _ in range(2):
        paid_order(site_settings)
    po = PurchaseOrder.objects.create(supplier="Bodywell")
    PurchaseOrderLine.objects.create(
        purchase_order=po, stock=stocked_variant(on_hand=1).stock, quantity_ordered=3
    )
    home(client)  # warm permissions and site settings
    few = queries_for_home(client)
    for _ in range(10):
        order = paid_order(site_settings)
        fulfilment.mark_packed(order_id=order.pk, actor=None)
    for _ in range(10):
        level = stocked_variant(on_hand=1).stock
        po = PurchaseOrder.objects.create(supplier="Bodywell")
        PurchaseOrderLine.objects.create(
            purchase_order=po, stock=level, quantity_ordered=3
        )
    many = queries_for_home(client)
    assert many == few, (few, many)
    print(role, few)
