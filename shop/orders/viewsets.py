"""The Orders listing in the Wagtail admin (in the Shop menu group).

Read-only ModelViewSet: orders are never edited through a generic form; every change
is one of the actions in admin_views.py, through the order state machine.
"""

import django_filters
from django import forms
from django.db.models import Count
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    TitleColumn,
)
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin_menu import SHOP_MENU_HOOK
from shop.exports import SafeExportMixin

from . import admin_views
from .models import Order, OrderStatus

#: The columns of the orders export, for the listing and for a selection.
ORDER_EXPORT = [
    "reference",
    "created_at",
    "status",
    "full_name",
    "email",
    "country",
    "item_count",
    "subtotal",
    "shipping_total",
    "total",
    "currency",
]
ORDER_EXPORT_HEADINGS = {"item_count": "Items", "created_at": "Placed"}


class OrderFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status",
        choices=OrderStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label="Placed", widget=DateRangePickerWidget
    )

    class Meta:
        model = Order
        fields = []


class StatusColumn(Column):
    """A status as a coloured badge; `tones` maps each status to its tone (ok, warn,
    danger, muted), the orders' by default."""

    cell_template_name = "shop/orders/admin/status_cell.html"

    def __init__(self, *args, tones=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tones = admin_views.STATUS_TONE if tones is None else tones

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["tone"] = self.tones.get(instance.status, "muted")
        return context


class OrderIndexView(SafeExportMixin, ModelViewSet.index_view_class):
    page_title = "Orders"
    template_name = "shop/orders/admin/index.html"
    default_ordering = "-created_at"
    search_fields = ["reference", "email", "full_name", "lines__sku"]
    search_backend_name = None
    add_url_name = edit_url_name = delete_url_name = copy_url_name = None
    export_filename = "orders"
    list_export = ORDER_EXPORT
    export_headings = ORDER_EXPORT_HEADINGS

    def get_base_queryset(self):
        return Order.objects.prefetch_related("lines")

    def search_queryset(self, queryset):
        # Searching by SKU joins the lines; one row per order all the same.
        searched = super().search_queryset(queryset)
        return searched.distinct() if self.is_searching else searched

    @cached_property
    def columns(self):
        return [
            BulkActionsCheckboxColumn("bulk_actions", obj_type="order"),
            TitleColumn(
                "reference",
                label="Reference",
                sort_key="reference",
                get_url=lambda order: reverse("shop_orders:inspect", args=[order.pk]),
                get_title_id=lambda order: f"order_{order.pk}_title",
            ),
            DateColumn("created_at", label="Placed", sort_key="created_at"),
            StatusColumn("status", label="Status", accessor="get_status_display"),
            Column("full_name", label="Customer", sort_key="full_name"),
            Column("email", label="E-mail"),
            Column("item_count", label="Items"),
            Column("total", label="Total", sort_key="total"),
        ]

    def status_counts(self):
        counts = dict(
            Order.objects.values_list("status").annotate(n=Count("pk")).order_by()
        )
        return [
            {"value": value, "label": label, "count": counts.get(value, 0)}
            for value, label in OrderStatus.choices
            if counts.get(value)
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["status_counts"] = self.status_counts()
        return context


class OrderViewSet(ModelViewSet):
    model = Order
    name = "shop_orders"  # "orders" is the shopper-facing URL namespace
    url_prefix = "orders"
    icon = "list-ul"
    menu_label = "Orders"
    menu_order = 5
    menu_hook = SHOP_MENU_HOOK
    index_view_class = OrderIndexView
    inspect_view_class = admin_views.OrderInspectView
    inspect_view_enabled = True
    filterset_class = OrderFilterSet
    list_per_page = 30
    add_to_reference_index = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path(
                "<int:pk>/packed/", admin_views.MarkPackedView.as_view(), name="packed"
            ),
            path(
                "<int:pk>/shipped/",
                admin_views.MarkShippedView.as_view(),
                name="shipped",
            ),
            path(
                "<int:pk>/delivered/",
                admin_views.MarkDeliveredView.as_view(),
                name="delivered",
            ),
            path(
                "<int:pk>/cancel/", admin_views.CancelOrderView.as_view(), name="cancel"
            ),
            path(
                "<int:pk>/refund/", admin_views.RefundOrderView.as_view(), name="refund"
            ),
            path(
                "<int:pk>/packing-slip/",
                admin_views.PackingSlipView.as_view(),
                name="packing_slip",
            ),
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("inspect")
        return finder
