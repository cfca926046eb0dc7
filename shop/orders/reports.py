"""Shop reports in the Wagtail admin (ReportView: filters, CSV and XLSX export):
sales by day with an SVG bar chart, best sellers, guides that sell, and stock
valuation. Only users with `inventory.view_shop_reports` (shop managers) see them.

"Sold" means paid: an order counts on the day its payment arrived (`paid_at`),
refunds on the day they were made. Amounts are in the shop currency.
"""

import datetime
from collections import defaultdict
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page

from shop.admin_menu import MenuOnlyViewSet
from shop.attribution.models import PageAttribution
from shop.exports import REPORT_VALUE_PREPROCESS
from shop.inventory.reports import stock_valuation, valuation_totals

from .models import Order, OrderLine, Refund, RefundStatus

REPORTS_PERMISSION = "inventory.view_shop_reports"
DEFAULT_DAYS = 30
MAX_DAYS = 400
ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)


def money(value) -> Decimal:
    """Sums come back from SQLite with float noise; money is shown to the cent."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def paid_orders():
    """Orders whose money arrived (whatever happened afterwards)."""
    return Order.objects.exclude(paid_at=None)


class DateRangeFilterSet(WagtailFilterSet):
    """A date range over `paid_at`; reports default to the last 30 days."""

    paid_at = django_filters.DateFromToRangeFilter(
        label="Date range", widget=DateRangePickerWidget
    )

    class Meta:
        model = Order
        fields = []


class ShopReportView(ReportView):
    """A report over a date range of paid orders; the rows are plain dicts."""

    filterset_class = DateRangeFilterSet
    paginate_by = 100
    header_icon = "table"
    custom_value_preprocess = REPORT_VALUE_PREPROCESS

    #: (key, heading) per column: the table, the CSV and the XLSX share them.
    fields: list[tuple[str, str]] = []

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("fields"):
            cls.list_export = [key for key, _label in cls.fields]
            cls.export_headings = dict(cls.fields)
            cls.columns = [Column(key, label=label) for key, label in cls.fields]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REPORTS_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        start, end = self.date_range
        return f"{self.export_filename}-{start}-{end}"

    @cached_property
    def date_range(self) -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        start = end = None
        if self.filters is not None and self.filters.is_valid():
            value = self.filters.form.cleaned_data.get("paid_at")
            if value:
                start, end = value.start, value.stop
        end = end or today
        start = start or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if start > end:
            start, end = end, start
        if (end - start).days >= MAX_DAYS:
            start = end - datetime.timedelta(days=MAX_DAYS - 1)
        return start, end

    def in_range(self, queryset, field):
        start, end = self.date_range
        return queryset.filter(
            **{f"{field}__date__gte": start, f"{field}__date__lte": end}
        )

    def get_queryset(self):
        return Order.objects.none()  # rows come from get_filtered_queryset

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        start, end = self.date_range
        context["range_start"], context["range_end"] = start, end
        return context


# --- sales by day ---------------------------------------------------------------------


def bar_chart(rows, *, value_key, label_key, refund_key=None, height=160, width=760):
    """Bars for an inline SVG: one per row, scaled to the largest value."""
    values = [float(row[value_key]) for row in rows]
    peak = max(
        values + [float(row[refund_key]) for row in rows] if refund_key else values
    )
    peak = peak or 1.0
    slot = width / max(len(rows), 1)
    bar = max(slot * 0.7, 1)
    bars = []
    for index, row in enumerate(rows):
        value = float(row[value_key])
        h = round(value / peak * (height - 20), 1)
        x = round(index * slot + (slot - bar) / 2, 1)
        item = {
            "x": x,
            "y": round(height - h, 1),
            "width": round(bar, 1),
            "height": h,
            "label": row[label_key],
            "value": row[value_key],
        }
        if refund_key:
            rh = round(float(row[refund_key]) / peak * (height - 20), 1)
            item.update(
                refund_height=rh,
                refund_y=round(height - rh, 1),
                refund_width=round(bar / 3, 1),
                refund=row[refund_key],
            )
        bars.append(item)
    every = max(1, len(rows) // 10)
    ticks = [
        {"x": round(i * slot + slot / 2, 1), "label": rows[i][label_key]}
        for i in range(0, len(rows), every)
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "width": width,
        "height": height,
        "peak": peak,
    }


class SalesByDayView(ShopReportView):
    page_title = "Sales by day"
    results_template_name = "shop/orders/admin/report_sales_results.html"
    export_filename = "sales-by-day"
    paginate_by = None
    fields = [
        ("day", "Day"),
        ("orders", "Orders"),
        ("units", "Units"),
        ("revenue", "Revenue"),
        ("refunds", "Refunds"),
        ("net", "Net"),
    ]

    def get_filtered_queryset(self):
        start, end = self.date_range
        orders = (
            self.in_range(paid_orders(), "paid_at")
            .annotate(day=TruncDate("paid_at"))
            .values("day")
            .annotate(orders=Count("pk"), revenue=Sum("total"))
        )
        units = (
            self.in_range(
                OrderLine.objects.exclude(order__paid_at=None), "order__paid_at"
            )
            .annotate(day=TruncDate("order__paid_at"))
            .values("day")
            .annotate(units=Sum("quantity"))
        )
        refunds = (
            self.in_range(
                Refund.objects.exclude(
                    status__in=[RefundStatus.FAILED, RefundStatus.CANCELED]
                ),
                "created_at",
            )
            .annotate(day=TruncDate("created_at"))
            .values("day")
            .annotate(amount=Sum("amount"))
        )
        by_day = defaultdict(dict)
        for row in orders:
            by_day[row["day"]].update(orders=row["orders"], revenue=row["revenue"])
        for row in units:
            by_day[row["day"]]["units"] = row["units"]
        for row in refunds:
            by_day[row["day"]]["refunds"] = row["amount"]
        rows = []
        day = start
        while day <= end:
            data = by_day.get(day, {})
            revenue = money(data.get("revenue"))
            refunded = money(data.get("refunds"))
            rows.append(
                {
                    "day": day,
                    "orders": data.get("orders", 0),
                    "units": data.get("units", 0),
                    "revenue": revenue,
                    "refunds": refunded,
                    "net": revenue - refunded,
                }
            )
            day += datetime.timedelta(days=1)
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        for_chart = [{**row, "short": row["day"].strftime("%d %b")} for row in rows]
        context["chart"] = bar_chart(
            for_chart, value_key="revenue", label_key="short", refund_key="refunds"
        )
        context["totals"] = {
            key: sum((row[key] for row in rows), ZERO if key != "orders" else 0)
            for key in ("orders", "units", "revenue", "refunds", "net")
        }
        context["totals"]["units"] = sum(row["units"] for row in rows)
        return context


# --- best sellers ------------------------------------------------------------------


class BestSellersFilterSet(DateRangeFilterSet):
    group = django_filters.ChoiceFilter(
        label="Group by",
        choices=[("variant", "Variant (SKU)"), ("product", "Product")],
        empty_label=None,
        method="keep",
        widget=forms.RadioSelect,
    )

    def keep(self, queryset, name, value):
        return queryset


class BestSellersView(ShopReportView):
    page_title = "Best sellers"
    filterset_class = BestSellersFilterSet
    export_filename = "best-sellers"
    fields = [
        ("rank", "Rank"),
        ("sku", "SKU"),
        ("product", "Product"),
        ("variant", "Variant"),
        ("units", "Units"),
        ("orders", "Orders"),
        ("revenue", "Revenue"),
    ]

    @property
    def group(self):
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("group") or "variant"
        return "variant"

    def get_filtered_queryset(self):
        lines = self.in_range(
            OrderLine.objects.exclude(order__paid_at=None), "order__paid_at"
        )
        keys = ["sku", "product_name", "variant_name"]
        if self.group == "product":
            keys = ["product_name"]
        rows = (
            lines.values(*keys)
            .annotate(
                units=Sum("quantity"),
                orders=Count("order", distinct=True),
                revenue=Sum("line_total"),
            )
            .order_by("-units", "-revenue", *keys)
        )
        return [
            {
                "rank": rank,
                "sku": row.get("sku", "—"),
                "product": row["product_name"],
                "variant": row.get("variant_name", "all variants"),
                "units": row["units"],
                "orders": row["orders"],
                "revenue": money(row["revenue"]),
            }
            for rank, row in enumerate(rows, start=1)
        ]


# --- guides that sell --------------------------------------------------------------


class GuidesThatSellView(ShopReportView):
    page_title = "Guides that sell"
    results_template_name = "shop/orders/admin/report_guides_results.html"
    export_filename = "guides-that-sell"
    fields = [
        ("page", "Page"),
        ("kind", "Kind"),
        ("product_views", "Product views reached from it"),
        ("add_to_carts", "Add-to-carts"),
        ("orders", "Paid orders"),
        ("revenue", "Paid revenue"),
    ]

    no_results_message = (
        "No guide or relief-method page is published yet, and no page has led to a "
        "product view, an add-to-cart or a sale in this date range."
    )

    def get_filtered_queryset(self):
        start, end = self.date_range
        counters = (
            PageAttribution.objects.filter(day__gte=start, day__lte=end)
            .values("page")
            .annotate(views=Sum("product_views"), carts=Sum("add_to_carts"))
        )
        sales = (
            self.in_range(
                OrderLine.objects.exclude(order__paid_at=None).exclude(
                    source_page=None
                ),
                "order__paid_at",
            )
            .values("source_page")
            .annotate(
                orders=Count("order", distinct=True),
                revenue=Coalesce(Sum("line_total"), Value(ZERO), output_field=MONEY),
            )
        )
        metrics = defaultdict(dict)
        for row in counters:
            metrics[row["page"]].update(views=row["views"], carts=row["carts"])
        for row in sales:
            metrics[row["source_page"]].update(
                orders=row["orders"], revenue=row["revenue"]
            )
        # Every guide and relief-method page is listed (zeros say something too),
        # plus any other page that led to a sale. The shop never imports guides:
        # their pages are found by their app label.
        pages = (
            Page.objects.filter(
                Q(content_type__app_label="guides", live=True) | Q(pk__in=list(metrics))
            )
            .select_related("content_type")
            .specific(defer=True)
        )
        rows = []
        for page in pages:
            data = metrics.get(page.pk, {})
            rows.append(
                {
                    "page": page.title,
                    "page_id": page.pk,
                    "url": page.url,
                    "kind": page.specific_class._meta.verbose_name.capitalize()
                    if page.specific_class
                    else "Page",
                    "product_views": data.get("views", 0) or 0,
                    "add_to_carts": data.get("carts", 0) or 0,
                    "orders": data.get("orders", 0),
                    "revenue": money(data.get("revenue")),
                }
            )
        rows.sort(
            key=lambda r: (-r["revenue"], -r["add_to_carts"], -r["product_views"])
        )
        return rows


# --- stock valuation ---------------------------------------------------------------


class StockValuationView(ShopReportView):
    """On hand × unit cost, per SKU, with the total; today's figures (no range)."""

    page_title = "Stock valuation"
    results_template_name = "shop/orders/admin/report_valuation_results.html"
    filterset_class = None
    export_filename = "stock-valuation"
    fields = [
        ("sku", "SKU"),
        ("product", "Product"),
        ("variant", "Variant"),
        ("on_hand", "On hand"),
        ("unit_cost", "Unit cost"),
        ("value", "Value"),
    ]

    def get_filename(self):
        return f"stock-valuation-{timezone.localdate()}"

    @cached_property
    def valuation(self):
        return stock_valuation()

    def get_filtered_queryset(self):
        return [
            {
                "sku": level.variant.sku,
                "product": level.variant.product.title,
                "variant": level.variant.name,
                "on_hand": level.on_hand,
                "unit_cost": level.unit_cost if level.unit_cost is not None else "—",
                "value": money(level.value),
            }
            for level in self.valuation
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["totals"] = valuation_totals(self.valuation)
        return context


# --- registration --------------------------------------------------------------------


class ReportViewSet(MenuOnlyViewSet):
    """One report in the Shop menu, shown only to users who may see reports."""

    permission_required = REPORTS_PERMISSION
    view_class = None

    def get_urlpatterns(self):
        return [
            path(
                "",
                self.view_class.as_view(
                    index_url_name=f"{self.name}:index",
                    index_results_url_name=f"{self.name}:results",
                ),
                name="index",
            ),
            path(
                "results/",
                self.view_class.as_view(
                    index_url_name=f"{self.name}:index",
                    index_results_url_name=f"{self.name}:results",
                    results_only=True,
                ),
                name="results",
            ),
        ]


def report_viewsets():
    specs = [
        ("report_sales", "reports/sales", "Sales by day", SalesByDayView, 30),
        (
            "report_best_sellers",
            "reports/best-sellers",
            "Best sellers",
            BestSellersView,
            31,
        ),
        (
            "report_guides",
            "reports/guides-that-sell",
            "Guides that sell",
            GuidesThatSellView,
            32,
        ),
        (
            "report_valuation",
            "reports/stock-valuation",
            "Stock valuation",
            StockValuationView,
            33,
        ),
    ]
    viewsets = []
    for name, prefix, label, view_class, order in specs:
        viewset = type(
            f"{view_class.__name__}ViewSet",
            (ReportViewSet,),
            {
                "name": name,
                "url_prefix": prefix,
                "menu_label": label,
                "menu_order": order,
                "icon": "table",
                "view_class": view_class,
            },
        )()
        viewsets.append(viewset)
    return viewsets
