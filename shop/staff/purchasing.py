"""Purchase orders and the SKU picker in the Wagtail admin.

They live in shop.staff because the picker shows what the inventory app may not
know about: the product's name and picture (the catalogue). The picker is a Wagtail
`ChooserViewSet` over StockLevel with a search by SKU, product or variant name;
registering its widget makes every form field for a StockLevel foreign key use it,
so the purchase-order lines and "Receive without a purchase order" (which asks
Wagtail for the field, shop/inventory/forms.py) share one picker.

Receiving books through `shop.inventory.purchasing.receive_purchase_order`.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin_menu import SHOP_MENU_HOOK
from shop.catalogue.models import ProductGalleryImage
from shop.inventory import purchasing
from shop.inventory.exceptions import StockError
from shop.inventory.models import PurchaseOrder, StockLevel, StockMovement

CHANGE_PO = "inventory.change_purchaseorder"


def stock_label(level: StockLevel) -> str:
    variant = level.variant
    return f"{variant.sku} · {variant.product.title} — {variant.name}"


def first_image(level: StockLevel):
    images = getattr(level.variant.product, "picker_images", None)
    return images[0].image if images else None


# --- the SKU picker -----------------------------------------------------------------


class StockSearchForm(BaseFilterForm):
    q = forms.CharField(
        label="Search SKU or product",
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "SKU, product or variant"}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            objects = objects.filter(
                Q(variant__sku__icontains=query)
                | Q(variant__product__title__icontains=query)
                | Q(variant__name__icontains=query)
            )
        return objects


class ThumbnailColumn(Column):
    cell_template_name = "shop/staff/purchasing/thumbnail_cell.html"


class SeesStock:
    """Stock figures are for the stock roles: a marketer gets no picker."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("inventory.view_stocklevel"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StockChooseMixin(SeesStock):
    """Rows with picture, name, SKU and stock figures; search; 10 per page."""

    filter_form_class = StockSearchForm
    per_page = 10

    def get_object_list(self):
        pictures = ProductGalleryImage.objects.select_related("image").order_by(
            "sort_order"
        )
        return StockLevel.objects.select_related("variant__product").prefetch_related(
            Prefetch(
                "variant__product__gallery_images",
                queryset=pictures,
                to_attr="picker_images",
            )
        )

    @property
    def columns(self):
        title = self.title_column
        title.label = "Product"
        title.accessor = stock_label
        return [
            ThumbnailColumn("image", label="Picture", accessor=first_image),
            title,
            Column("on_hand", label="On hand", classname="staff-num"),
            Column("available", label="Available", classname="staff-num"),
        ]


class StockChooseView(StockChooseMixin, chooser_views.ChooseView):
    pass


class StockChooseResultsView(StockChooseMixin, chooser_views.ChooseResultsView):
    pass


class StockChosenView(SeesStock, chooser_views.ChosenView):
    def get_display_title(self, instance):
        return stock_label(instance)


class StockChooserViewSet(ChooserViewSet):
    model = StockLevel
    name = "stock_chooser"
    url_prefix = "stock-chooser"
    icon = "clipboard-list"
    choose_one_text = "Choose a SKU"
    choose_another_text = "Choose another SKU"
    edit_item_text = "Open stock"
    choose_view_class = StockChooseView
    choose_results_view_class = StockChooseResultsView
    chosen_view_class = StockChosenView


# --- purchase orders ----------------------------------------------------------------


def purchase_order_queryset():
    return PurchaseOrder.objects.prefetch_related("lines__stock__variant")


class StatusColumn(Column):
    def get_value(self, instance):
        return purchasing.STATUS_LABELS[
            purchasing.status_of(list(instance.lines.all()))
        ]


class PurchaseOrderIndexView(ModelViewSet.index_view_class):
    def get_base_queryset(self):
        return purchase_order_queryset()

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "reference",
                label="Reference",
                url_name="purchase_orders:receive",
                classname="staff-sku",
            ),
            Column("supplier", label="Supplier", sort_key="supplier"),
            DateColumn("expected_on", label="Expected", sort_key="expected_on"),
            StatusColumn("status", label="Status"),
            DateColumn("created_at", label="Ordered", sort_key="created_at"),
        ]


class PurchaseOrderCreateView(ModelViewSet.add_view_class):
    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.created_by = self.request.user
        instance.save()
        self.form.save_m2m()
        return instance

    def get_success_url(self):
        return reverse("purchase_orders:receive", args=[self.object.pk])


class PurchaseOrderEditView(ModelViewSet.edit_view_class):
    """Lines can change until the first delivery; after that the order is a
    record of what was booked against it."""

    def dispatch(self, request, *args, **kwargs):
        order = get_object_or_404(PurchaseOrder, pk=kwargs["pk"])
        if order.lines.filter(quantity_received__gt=0).exists():
            messages.warning(
                request,
                f"{order.reference} has deliveries booked against it and can no "
                "longer be edited.",
            )
            return redirect("purchase_orders:receive", order.pk)
        return super().dispatch(request, *args, **kwargs)


class ReceiveAgainstForm(forms.Form):
    """Units that arrived per line (outstanding filled in) and a note."""

    note = forms.CharField(
        max_length=200,
        required=False,
        help_text="Delivery note number, damage, anything the next person should know.",
    )

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"arrived_{line.pk}"] = forms.IntegerField(
                min_value=0,
                max_value=100_000,
                required=False,
                initial=line.outstanding,
                label=f"Units of {line.stock.variant.sku} that arrived",
            )

    def rows(self):
        return [(line, self[f"arrived_{line.pk}"]) for line in self.lines]

    def arrived(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data.get(f"arrived_{line.pk}") or 0
            for line in self.lines
        }


class ReceivePurchaseOrderView(WagtailAdminTemplateMixin, FormView):
    """A purchase order, what arrived so far, and the form to book a delivery."""

    template_name = "shop/staff/purchasing/receive.html"
    form_class = ReceiveAgainstForm
    header_icon = "download"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("inventory.view_purchaseorder"):
            raise PermissionDenied
        self.purchase_order = get_object_or_404(
            purchase_order_queryset(), pk=kwargs["pk"]
        )
        self.lines = list(self.purchase_order.lines.all())
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("inventory.change_stocklevel"):
            raise PermissionDenied
        return super().post(request, *args, **kwargs)

    def get_page_title(self):
        return f"Purchase order {self.purchase_order.reference}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("purchase_orders:index"), "label": "Purchase orders"},
            {"url": "", "label": self.purchase_order.reference},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lines": self.lines}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = purchasing.status_of(self.lines)
        context.update(
            purchase_order=self.purchase_order,
            status=purchasing.STATUS_LABELS[status],
            received=status == purchasing.RECEIVED,
            may_receive=self.request.user.has_perm("inventory.change_stocklevel"),
            may_edit=self.request.user.has_perm(CHANGE_PO)
            and status == purchasing.OPEN,
            movements=StockMovement.objects.filter(
                reference=self.purchase_order.reference
            ).select_related("stock__variant__product", "user"),
        )
        return context

    def form_valid(self, form):
        try:
            movements = purchasing.receive_purchase_order(
                purchase_order_id=self.purchase_order.pk,
                arrived=form.arrived(),
                note=form.cleaned_data["note"],
                user=self.request.user,
            )
        except StockError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        units = sum(movement.delta_on_hand for movement in movements)
        messages.success(
            self.request,
            f"Received {units} units against {self.purchase_order.reference}.",
        )
        return redirect("purchase_orders:receive", self.purchase_order.pk)


class PurchaseOrderViewSet(ModelViewSet):
    model = PurchaseOrder
    name = "purchase_orders"
    url_prefix = "purchase-orders"
    icon = "download"
    menu_label = "Purchase orders"
    menu_order = 12
    menu_hook = SHOP_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = PurchaseOrderIndexView
    add_view_class = PurchaseOrderCreateView
    edit_view_class = PurchaseOrderEditView
    search_fields = ["reference", "supplier", "supplier_reference"]
    search_backend_name = None
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("supplier"),
                FieldPanel("supplier_reference"),
                FieldPanel("expected_on"),
                FieldPanel("note"),
            ],
            heading="From whom, and when",
        ),
        InlinePanel(
            "lines",
            panels=[FieldPanel("stock"), FieldPanel("quantity_ordered")],
            heading="What was ordered",
            label="Line",
            min_num=1,
        ),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "<int:pk>/receive/",
                ReceivePurchaseOrderView.as_view(),
                name="receive",
            )
        ]
