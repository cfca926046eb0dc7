"""Wagtail admin viewsets for stock: the Stock listing (with its action views) and
the ledger. Registered by shop.staff under the "Shop" menu group.

Listings are read-only ModelViewSets (no add/edit/delete views): every change goes
through the action views in views.py and from there through the stock service.
"""

import django_filters
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from shop.admin_menu import SHOP_MENU_HOOK
from shop.exports import SafeExportMixin

from . import views
from .extensions import stock_figures
from .models import MovementReason, StockLevel, StockMovement
from .reports import default_threshold, filter_state, state_of, stock_with_state
from .states import StockState


class StateColumn(Column):
    """The same in stock / low / out badge shoppers see, coloured for staff."""

    cell_template_name = "shop/inventory/admin/state_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["state"] = state_of(instance)
        return context


class SignedNumberColumn(Column):
    cell_template_name = "shop/inventory/admin/signed_cell.html"


# --- Stock listing ------------------------------------------------------------------


def product_categories(request):
    """Shop categories for the filter, by model label: inventory never imports the
    catalogue, and the stock rows reach categories through the variant's product
    path."""
    return apps.get_model("catalogue", "ProductCategoryPage").objects.order_by("title")


class StockFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label="Stock state",
        choices=StockState.choices,
        method="filter_state",
        empty_label="All",
        widget=forms.RadioSelect,
    )
    category = django_filters.ModelChoiceFilter(
        label="Category",
        queryset=product_categories,
        method="filter_category",
        empty_label="All categories",
    )
    variant_status = django_filters.ChoiceFilter(
        label="Variant",
        choices=[("active", "Active"), ("inactive", "Inactive")],
        method="filter_variant_status",
        empty_label="All",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = StockLevel
        fields = []

    def filter_state(self, queryset, name, value):
        return filter_state(queryset, value)

    def filter_category(self, queryset, name, value):
        return queryset.filter(variant__product__path__startswith=value.path)

    def filter_variant_status(self, queryset, name, value):
        return queryset.filter(variant__is_active=(value == "active"))


class StockIndexView(SafeExportMixin, ModelViewSet.index_view_class):
    page_title = "Stock"
    default_ordering = "variant__sku"
    search_fields = ["variant__sku", "variant__name", "variant__product__title"]
    search_backend_name = None
    add_url_name = edit_url_name = delete_url_name = copy_url_name = None
    inspect_url_name = None
    export_filename = "stock"
    list_export = [
        "variant.sku",
        "variant.product.title",
        "variant.name",
        "variant.is_active",
        "on_hand",
        "reserved",
        "available_units",
        "effective_threshold",
        "state_code",
    ]
    export_headings = {
        "variant.sku": "SKU",
        "variant.product.title": "Product",
        "variant.name": "Variant",
        "variant.is_active": "Active",
        "on_hand": "On hand",
        "reserved": "Reserved",
        "available_units": "Available",
        "effective_threshold": "Low-stock threshold",
        "state_code": "State",
    }

    def get_base_queryset(self):
        queryset = stock_with_state(default_threshold(self.request))
        figures = {f.name: f.annotation() for f in stock_figures()}
        return queryset.annotate(**figures) if figures else queryset

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "sku",
                label="SKU",
                accessor="variant.sku",
                sort_key="variant__sku",
                classname="staff-sku",
                get_url=lambda level: reverse("stock:detail", args=[level.pk]),
            ),
            Column(
                "product",
                label="Product",
                accessor="variant.product.title",
                sort_key="variant__product__title",
            ),
            Column(
                "variant",
                label="Variant",
                accessor="variant.name",
                sort_key="variant__name",
            ),
            Column("on_hand", label="On hand", sort_key="on_hand"),
            Column("reserved", label="Reserved", sort_key="reserved"),
            Column("available_units", label="Available", sort_key="available_units"),
            Column(
                "effective_threshold",
                label="Threshold",
                sort_key="effective_threshold",
            ),
            StateColumn("state", label="State", sort_key="available_units"),
            *(
                Column(figure.name, label=figure.label, sort_key=figure.name)
                for figure in stock_figures()
            ),
        ]

    @cached_property
    def header_buttons(self):
        if not self.request.user.has_perm(views.CHANGE_STOCK):
            return []
        return [
            HeaderButton(
                "Receive a delivery",
                url=reverse("stock:receive"),
                icon_name="download",
            ),
            HeaderButton(
                "Stock-take import",
                url=reverse("stock:stocktake"),
                icon_name="upload",
            ),
        ]


class ReadOnlyListingMixin:
    """Rows nobody adds by hand (stock rows come with their variant, ledger rows
    from the stock service): no "Add" button, not even for a superuser, who holds
    the add permission it would ask for (and whose listing would otherwise link to
    an add view these viewsets do not have)."""

    def get_index_view_kwargs(self, **kwargs):
        return {**super().get_index_view_kwargs(**kwargs), "add_url_name": None}


class StockViewSet(ReadOnlyListingMixin, ModelViewSet):
    """The "Stock" listing and, on its URL prefix, the stock action views."""

    model = StockLevel
    name = "stock"
    icon = "clipboard-list"
    menu_label = "Stock"
    menu_order = 10
    menu_hook = SHOP_MENU_HOOK
    index_view_class = StockIndexView
    filterset_class = StockFilterSet
    list_per_page = 50
    add_to_reference_index = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", views.StockDetailView.as_view(), name="detail"),
            path("<int:pk>/adjust/", views.AdjustStockView.as_view(), name="adjust"),
            path(
                "<int:pk>/threshold/", views.ThresholdView.as_view(), name="threshold"
            ),
            path("receive/", views.ReceiveDeliveryView.as_view(), name="receive"),
            path("stocktake/", views.StockTakeUploadView.as_view(), name="stocktake"),
            path(
                "stocktake/<str:token>/",
                views.StockTakePreviewView.as_view(),
                name="stocktake_preview",
            ),
            path("result/", views.ActionResultView.as_view(), name="result"),
        ]

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("detail")
        return finder


# --- Ledger -----------------------------------------------------------------------


def users_with_movements(request):
    user_model = get_user_model()
    ids = StockMovement.objects.exclude(user=None).values("user_id").distinct()
    return user_model.objects.filter(pk__in=ids).order_by(user_model.USERNAME_FIELD)


class MovementFilterSet(WagtailFilterSet):
    sku = django_filters.CharFilter(
        label="SKU", field_name="stock__variant__sku", lookup_expr="iexact"
    )
    reason = django_filters.ChoiceFilter(
        label="Reason",
        choices=MovementReason.choices,
        empty_label="All",
        widget=forms.RadioSelect,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label="Date", widget=DateRangePickerWidget
    )
    user = django_filters.ModelChoiceFilter(
        label="By", queryset=users_with_movements, empty_label="Anyone"
    )
    reference = django_filters.CharFilter(label="Reference", lookup_expr="icontains")

    class Meta:
        model = StockMovement
        fields = []


class MovementIndexView(SafeExportMixin, ModelViewSet.index_view_class):
    page_title = "Stock ledger"
    default_ordering = "-created_at"
    search_fields = ["stock__variant__sku", "reference", "note"]
    search_backend_name = None
    add_url_name = edit_url_name = delete_url_name = copy_url_name = None
    inspect_url_name = None
    export_filename = "stock-ledger"
    list_export = [
        "created_at",
        "stock.variant.sku",
        "stock.variant.product.title",
        "reason",
        "delta_on_hand",
        "delta_reserved",
        "on_hand_after",
        "reserved_after",
        "reference",
        "note",
        "user",
    ]
    export_headings = {
        "created_at": "When",
        "stock.variant.sku": "SKU",
        "stock.variant.product.title": "Product",
        "reason": "Reason",
        "delta_on_hand": "Change on hand",
        "delta_reserved": "Change reserved",
        "on_hand_after": "On hand after",
        "reserved_after": "Reserved after",
        "reference": "Reference",
        "note": "Note",
        "user": "By",
    }

    def get_base_queryset(self):
        return StockMovement.objects.select_related("stock__variant__product", "user")

    @cached_property
    def columns(self):
        return [
            DateColumn("created_at", label="When", sort_key="created_at"),
            TitleColumn(
                "sku",
                label="SKU",
                accessor="stock.variant.sku",
                sort_key="stock__variant__sku",
                classname="staff-sku",
                get_url=lambda m: reverse("stock:detail", args=[m.stock_id]),
            ),
            Column("reason", label="Reason", accessor="get_reason_display"),
            SignedNumberColumn("delta_on_hand", label="On hand ±"),
            SignedNumberColumn("delta_reserved", label="Reserved ±"),
            Column("on_hand_after", label="On hand after"),
            Column("reserved_after", label="Reserved after"),
            Column("reference", label="Reference", sort_key="reference"),
            Column("note", label="Note"),
            UserColumn("user", label="By", blank_display_name="System"),
        ]


class StockMovementViewSet(ReadOnlyListingMixin, ModelViewSet):
    model = StockMovement
    name = "stock_movements"
    url_prefix = "stock-ledger"
    icon = "history"
    menu_label = "Stock ledger"
    menu_order = 20
    menu_hook = SHOP_MENU_HOOK
    index_view_class = MovementIndexView
    filterset_class = MovementFilterSet
    list_per_page = 50
    add_to_reference_index = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def register_admin_url_finder(self):
        """Movements have no page of their own."""
