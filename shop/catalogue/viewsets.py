"""Admin listings for the catalogue: product variants and body areas.

Variants are edited here, outside page revisions. Their stock is shown but never
editable here: stock changes only through the stock service (the stock tools).
"""

import django_filters
from django.contrib import messages
from django.db.models import F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Length, Substr
from django.shortcuts import redirect
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.models import Page

from shop.inventory.models import StockMovement
from shop.inventory.states import StockState, stock_state_expression

from .models import (
    ProductCategoryPage,
    ProductPage,
    ProductVariant,
    low_stock_threshold_for,
)
from .templatetags.catalogue_tags import format_money

STEP_LENGTH = Page.steplen


def variants_with_stock_figures(threshold: int):
    """Variants annotated with their category title, availability and stock state."""
    available = Coalesce(F("stock__on_hand"), 0) - Coalesce(F("stock__reserved"), 0)
    parent_path = Substr(
        OuterRef("product__path"), 1, Length(OuterRef("product__path")) - STEP_LENGTH
    )
    return (
        ProductVariant.objects.select_related("product", "stock")
        .annotate(
            available_units=available,
            category_title=Subquery(
                Page.objects.filter(path=parent_path).values("title")[:1]
            ),
            threshold=Coalesce(
                F("stock__low_stock_threshold"),
                Value(threshold),
                output_field=IntegerField(),
            ),
        )
        .annotate(
            stock_state_code=stock_state_expression(
                F("available_units"), F("threshold")
            )
        )
    )


class VariantFilterSet(WagtailFilterSet):
    category = django_filters.ModelChoiceFilter(
        label="Category",
        queryset=ProductCategoryPage.objects.order_by("title"),
        method="filter_category",
        empty_label="All categories",
    )
    stock_state = django_filters.ChoiceFilter(
        label="Stock",
        choices=StockState.choices,
        method="filter_stock_state",
        empty_label="Any",
    )
    is_active = django_filters.BooleanFilter(label="Active")

    class Meta:
        model = ProductVariant
        fields = ["category", "stock_state", "is_active"]

    def filter_category(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(product__path__startswith=value.path)

    def filter_stock_state(self, queryset, name, value):
        if value in StockState.values:
            return queryset.filter(stock_state_code=value)
        return queryset


class VariantIndexView(generic.IndexView):
    def get_base_queryset(self):
        return variants_with_stock_figures(low_stock_threshold_for(self.request))


class VariantCreateView(generic.CreateView):
    """Pre-fills the product when opened from a product page's variants panel."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        product_id = self.request.GET.get("product", "")
        if product_id.isdigit():
            product = ProductPage.objects.filter(pk=int(product_id)).first()
            if product is not None:
                instance.product = product
        return instance


class VariantDeleteView(generic.DeleteView):
    """A variant with stock history is deactivated, never deleted: the ledger stays."""

    def dispatch(self, request, *args, **kwargs):
        if StockMovement.objects.filter(stock__variant=self.object).exists():
            messages.error(
                request,
                f"{self.object.sku} has stock history, so it cannot be deleted. "
                "Untick 'Is active' to stop selling it.",
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


def _stock_label(variant) -> str:
    """Staff want the figure, so this is not the shopper's badge text."""
    if variant.stock_state_code == StockState.OUT:
        return StockState.OUT.label
    if variant.stock_state_code == StockState.LOW:
        return f"Low ({variant.available_units} available)"
    return f"{variant.available_units} available"


class ProductVariantViewSet(ModelViewSet):
    """What is sold: SKU, name, prices, weight, active flag. No stock fields."""

    model = ProductVariant
    name = "variants"
    url_namespace = "catalogue_variant"
    url_prefix = "catalogue/variants"
    icon = "tag"
    menu_label = "Variants"
    menu_order = 100
    index_view_class = VariantIndexView
    add_view_class = VariantCreateView
    delete_view_class = VariantDeleteView
    copy_view_enabled = False
    inspect_view_enabled = True
    search_fields = ["sku", "name", "product__title"]
    search_backend_name = None
    filterset_class = VariantFilterSet
    list_per_page = 50
    ordering = ["product__title", "sort_order", "pk"]
    list_display = [
        TitleColumn("sku", label="SKU", url_name="catalogue_variant:edit"),
        Column("name", label="Variant"),
        Column("product", label="Product", accessor="product.title"),
        Column("category_title", label="Category"),
        Column("price", label="Price", accessor=lambda v: format_money(v.price)),
        Column("stock", label="Stock", accessor=_stock_label),
        BooleanColumn("is_active", label="Active"),
    ]
    list_export = ["sku", "name", "product", "price", "compare_at_price", "is_active"]
    inspect_view_fields = [
        "sku",
        "name",
        "product",
        "price",
        "compare_at_price",
        "cost_price",
        "weight_grams",
        "is_active",
    ]
    panels = [
        FieldPanel("product"),
        FieldRowPanel([FieldPanel("sku"), FieldPanel("name")]),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("price"),
                        FieldPanel("compare_at_price"),
                        FieldPanel("cost_price"),
                    ]
                )
            ],
            heading="Prices (EUR)",
        ),
        FieldRowPanel([FieldPanel("weight_grams"), FieldPanel("sort_order")]),
        FieldPanel("is_active"),
    ]


class CatalogueViewSetGroup(ModelViewSetGroup):
    menu_label = "Catalogue"
    menu_icon = "tag"
    menu_order = 250
    items = (ProductVariantViewSet,)
