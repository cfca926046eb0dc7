"""Exports in the site's local time, the sales chart's value axis and summary, SKUs
that do not wrap."""

import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse

from shop.orders.models import Order
from shop.orders.reports.sales import nice_scale

from .orders_helpers import paid_order

pytestmark = pytest.mark.django_db

PLACED_UTC = datetime.datetime(2026, 7, 1, 10, 15, 30, 123456, tzinfo=datetime.UTC)


def body(response):
    return b"".join(response.streaming_content)


def test_orders_export_shows_local_time_to_the_minute(role_client, order, settings):
    assert settings.TIME_ZONE == "Europe/Berlin"
    Order.objects.filter(pk=order.pk).update(created_at=PLACED_UTC)
    client = role_client("manager")
    url = reverse("shop_orders:index")
    csv_text = body(client.get(url, {"export": "csv"})).decode()
    row = next(line for line in csv_text.splitlines() if order.reference in line)
    assert "2026-07-01 12:15" in row  # summer time: UTC+2
    assert "10:15" not in row and ".123456" not in row
    sheet = openpyxl.load_workbook(
        io.BytesIO(body(client.get(url, {"export": "xlsx"})))
    ).active
    placed = [c.value for c in sheet["B"]][1:]
    assert datetime.datetime(2026, 7, 1, 12, 15, 30) in placed


def test_ledger_export_shows_local_time(role_client, order):
    client = role_client("manager")
    csv_text = body(
        client.get(reverse("stock_movements:index"), {"export": "csv"})
    ).decode()
    now = datetime.datetime.now(ZoneInfo("Europe/Berlin")).strftime("%Y-%m-%d %H:")
    assert now in csv_text and "+00:00" not in csv_text


def test_nice_scale_rounds_the_axis_up():
    assert nice_scale(139.7) == [0, 50, 100, 150, 200]
    assert nice_scale(0) == [0, 1, 2, 3, 4]
    assert nice_scale(9.2) == [0, 2.5, 5, 7.5, 10]


def test_sales_chart_has_axis_values_and_a_summary(role_client, site_settings):
    order = paid_order(site_settings)
    page = role_client("manager").get(reverse("report_sales:index")).text
    assert 'class="axis-value"' in page
    assert ">0<" in page and ">80<" in page  # a 69.70 day → 0, 20 … 80
    assert f"with {order.total} from 1 order" in page
    assert "a day on average" in page


def test_skus_do_not_wrap_in_the_ledger_and_stock_lists(role_client, order):
    client = role_client("manager")
    for url in (reverse("stock_movements:index"), reverse("stock:index")):
        assert 'class="staff-sku' in client.get(url).text
