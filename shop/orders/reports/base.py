"""What every shop report shares: the permission, the date range over paid orders,
exports (CSV and XLSX) and the viewset that puts a report in the Shop menu.

"Sold" means paid: an order counts on the day its payment arrived (`paid_at`),
refunds on the day they were made. Amounts are in the shop currency.
"""

import datetime
from decimal import Decimal

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from shop.admin_menu import MenuOnlyViewSet
from shop.exports import REPORT_VALUE_PREPROCESS
from shop.orders.models import Order

REPORTS_PERMISSION = "inventory.view_shop_reports"
DEFAULT_DAYS = 30
MAX_DAYS = 400
ZERO = Decimal("0.00")


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


class ReportViewSet(MenuOnlyViewSet):
    """One report in the Shop menu, shown only to users who may see reports.

    `report_viewset()` builds one from a view class; apps above the shop
    use it too, so every report is placed, guarded and exported the same way.
    """

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


def report_viewset(name, url_prefix, label, view_class, order) -> ReportViewSet:
    """A ReportViewSet for `view_class` at /admin/<url_prefix>/, URL names
    `<name>:index` and `<name>:results`, in the Shop menu at `order`."""
    viewset_class = type(
        f"{view_class.__name__}ViewSet",
        (ReportViewSet,),
        {
            "name": name,
            "url_prefix": url_prefix,
            "menu_label": label,
            "menu_order": order,
            "icon": "table",
            "view_class": view_class,
        },
    )
    return viewset_class()
