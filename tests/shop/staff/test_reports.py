"""Shop reports: figures, chart, exports, attribution and who may see them."""

import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page

from shop.attribution.models import PageAttribution
from shop.cart.models import Cart
from shop.cart.services import add_to_cart
from tests.factories import ProductPageFactory, stocked_variant

from .conftest import assert_refused
from .orders_helpers import paid_order, refund_response

pytestmark = pytest.mark.django_db

REPORTS = [
    "report_sales:index",
    "report_best_sellers:index",
    "report_guides:index",
    "report_valuation:index",
]


@pytest.mark.parametrize("url_name", REPORTS)
def test_reports_are_for_managers_only(role_client, url_name):
    assert role_client("manager").get(reverse(url_name)).status_code == 200
    assert_refused(role_client("stock").get(reverse(url_name)))
    assert_refused(role_client("marketer").get(reverse(url_name)))


def test_report_menu_items_only_for_managers(role_client):
    assert "/admin/reports/sales/" in role_client("manager").get("/admin/").text
    assert "/admin/reports/sales/" not in role_client("stock").get("/admin/").text


def test_sales_by_day_figures_chart_and_exports(role_client, site_settings, stripe_api):
    first = paid_order(site_settings)
    second = paid_order(site_settings)
    client = role_client("manager")
    stripe_api.respond(200, refund_response(1000, "re_r1"))
    client.post(
        reverse("shop_orders:refund", args=[second.pk]),
        {"amount": "10.00", "reason": "goodwill", "key": "r1"},
    )
    response = client.get(reverse("report_sales:index"))
    assert response.status_code == 200
    today = timezone.localdate()
    row = next(r for r in response.context["object_list"] if r["day"] == today)
    revenue = first.total + second.total
    assert (row["orders"], row["units"]) == (2, 6)
    assert row["revenue"] == revenue and row["refunds"] == Decimal("10.00")
    assert row["net"] == revenue - Decimal("10.00")
    assert "<svg" in response.text and "Revenue per day" in response.text
    assert len(response.context["object_list"]) == 30  # one row per day, zeros too

    csv_body = b"".join(
        client.get(reverse("report_sales:index"), {"export": "csv"}).streaming_content
    ).decode()
    assert (
        "Day,Orders,Units,Discounts given,Revenue (after discounts),Refunds,Net"
        in csv_body
    )
    assert f"{today},2,6,0.00,{revenue},10.00,{revenue - Decimal('10.00')}" in (
        csv_body
    )
    xlsx = client.get(reverse("report_sales:index"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [cell.value for cell in sheet[1]][:3] == ["Day", "Orders", "Units"]


def test_sales_date_range_excludes_other_days(role_client, site_settings):
    paid_order(site_settings)
    response = role_client("manager").get(
        reverse("report_sales:index"),
        {"paid_at_from": "2020-01-01", "paid_at_to": "2020-01-07"},
    )
    rows = response.context["object_list"]
    assert len(rows) == 7 and sum(r["orders"] for r in rows) == 0


def test_nonsense_dates_are_ignored(role_client):
    response = role_client("manager").get(
        reverse("report_sales:index"), {"paid_at_from": "yesterday", "paid_at_to": "x"}
    )
    assert response.status_code == 200


def test_best_sellers_by_variant_and_product(role_client, site_settings):
    mat = stocked_variant(on_hand=20, price=Decimal("30.00"), sku="MAT-1")
    roll = stocked_variant(on_hand=20, price=Decimal("10.00"), sku="ROLL-1")
    paid_order(site_settings, [(mat, 1), (roll, 3)])
    paid_order(site_settings, [(roll, 2)])
    client = role_client("manager")
    rows = client.get(reverse("report_best_sellers:index")).context["object_list"]
    assert [(r["sku"], r["units"], r["orders"]) for r in rows] == [
        ("ROLL-1", 5, 2),
        ("MAT-1", 1, 1),
    ]
    assert rows[0]["revenue"] == Decimal("50.00")
    by_product = client.get(
        reverse("report_best_sellers:index"), {"group": "product"}
    ).context["object_list"]
    assert by_product[0]["variant"] == "all variants"


def content_page(home_page, title: str) -> Page:
    """A plain content page: the shop cannot name the guides app's page types."""
    return home_page.add_child(instance=Page(title=title, slug=slugify(title)))


def test_guides_that_sell_counts_views_carts_and_revenue(
    role_client, site_settings, client, home_page
):
    guide = content_page(home_page, "How to stop calf cramps at night")
    product = ProductPageFactory()
    variant = stocked_variant(on_hand=20, price=Decimal("25.00"), product=product)
    # A reader follows a link from the guide to the product page...
    response = client.post(
        reverse("attribution:product_view"),
        json.dumps({"product": product.pk, "from": f"http://testserver{guide.url}"}),
        content_type="application/json",
    )
    assert response.json() == {"source_page": guide.pk}
    # ...adds it to the cart from there, and buys (attribution on the order line).
    cart = Cart.objects.create()
    add_to_cart(cart=cart, variant_id=variant.pk, quantity=2, source_page=guide)
    order = paid_order(site_settings, [(variant, 2)])
    order.lines.update(source_page=guide)
    counters = PageAttribution.objects.get(page=guide)
    assert (counters.product_views, counters.add_to_carts) >= (1, 1)
    rows = (
        role_client("manager")
        .get(reverse("report_guides:index"))
        .context["object_list"]
    )
    row = next(r for r in rows if r["page_id"] == guide.pk)
    assert row["product_views"] == 1 and row["add_to_carts"] >= 1
    assert row["orders"] == 1 and row["revenue"] == Decimal("50.00")
    export = b"".join(
        role_client("manager")
        .get(reverse("report_guides:index"), {"export": "csv"})
        .streaming_content
    ).decode()
    assert "How to stop calf cramps at night" in export
    assert "@" not in export  # no personal data in the report


def test_the_guide_that_started_the_journey_is_credited_and_the_method_assists(
    role_client, site_settings, client, home_page
):
    guide = content_page(home_page, "Neck spasms")
    method = content_page(home_page, "Warm compress")
    product = ProductPageFactory(title="Wheat bag")
    variant = stocked_variant(on_hand=20, price=Decimal("20.00"), product=product)
    # Home → guide → method → product page → add to cart: the tab's path rides along.
    response = client.post(
        "/cart/add/",
        {
            "variant": variant.pk,
            "quantity": 1,
            "source_page": method.pk,
            "first_guide": guide.pk,
        },
        HTTP_REFERER=f"http://testserver{product.url}",
    )
    assert response.status_code == 302
    line = Cart.objects.get().lines.get()
    assert (line.first_guide_id, line.source_page_id) == (guide.pk, method.pk)
    order = paid_order(site_settings, [(variant, 1)])
    order.lines.update(first_guide=guide, source_page=method)

    rows = {
        row["page_id"]: row
        for row in role_client("manager")
        .get(reverse("report_guides:index"))
        .context["object_list"]
    }
    assert (rows[guide.pk]["orders"], rows[guide.pk]["revenue"]) == (
        1,
        Decimal("20.00"),
    )
    assert rows[guide.pk]["assisted_orders"] == 0
    assert (rows[method.pk]["orders"], rows[method.pk]["assisted_orders"]) == (0, 1)
    assert rows[method.pk]["revenue"] == Decimal("0.00")
    assert product.pk not in rows


def test_product_pages_are_never_credited(client, home_page):
    product = ProductPageFactory(title="Foam roller")
    other = ProductPageFactory(title="Massage ball")
    variant = stocked_variant(product=product)
    client.post(
        "/cart/add/",
        {"variant": variant.pk, "quantity": 1, "first_guide": other.pk},
        HTTP_REFERER=f"http://testserver{other.url}",
    )
    line = Cart.objects.get().lines.get()
    assert (line.first_guide_id, line.source_page_id) == (None, None)
    beacon = client.post(
        reverse("attribution:product_view"),
        json.dumps({"product": product.pk, "from": f"http://testserver{other.url}"}),
        content_type="application/json",
    )
    assert beacon.json() == {"source_page": None}
    assert not PageAttribution.objects.exists()


def test_attribution_endpoint_refuses_cross_site_and_junk(client):
    url = reverse("attribution:product_view")
    assert client.get(url).status_code == 405
    assert (
        client.post(url, "not json", content_type="application/json").status_code == 400
    )
    cross = client.post(
        url,
        json.dumps({"product": 1, "from": "http://testserver/"}),
        content_type="application/json",
        HTTP_ORIGIN="https://evil.example",
    )
    assert cross.status_code == 400
    other_site = client.post(
        url,
        json.dumps({"product": 1, "from": "https://elsewhere.example/guide/"}),
        content_type="application/json",
    )
    assert other_site.json() == {"source_page": None}
    assert not PageAttribution.objects.exists()


def test_stock_valuation_is_on_hand_times_cost(role_client):
    stocked_variant(on_hand=4, sku="VAL-A", cost_price=Decimal("7.50"))
    stocked_variant(on_hand=2, sku="VAL-B", cost_price=None)
    response = role_client("manager").get(reverse("report_valuation:index"))
    rows = {r["sku"]: r for r in response.context["object_list"]}
    assert rows["VAL-A"]["value"] == Decimal("30.00")
    assert rows["VAL-B"]["value"] == Decimal("0")
    assert response.context["totals"]["missing_cost"] == 1
    assert "without a cost price" in response.text
