"""Discount codes in the Wagtail admin (Shop → Discount codes), for shop managers.

A plain `ModelViewSet`: the list shows each code's rule, whether it is live, how
often it was used and the discount its paid orders got; every create and edit is in
the code's history (Wagtail's audit log), beside the uses the checkout counted
(`services.py`). Codes are switched off rather than deleted, so their uses stay.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic.models import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin_menu import SHOP_MENU_HOOK

from .models import DiscountCode


class DiscountCodeIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().with_figures()


def state_of(code: DiscountCode) -> str:
    """ "Live", "Switched off", "Not started", "Ended" or "Used up", for the list."""
    now = timezone.now()
    if not code.is_active:
        return "Switched off"
    if code.starts_at and now < code.starts_at:
        return "Not started"
    if code.ends_at and now >= code.ends_at:
        return "Ended"
    if code.usage_limit is not None and code.times_used >= code.usage_limit:
        return "Used up"
    return "Live"


class StateColumn(StatusTagColumn):
    def get_value(self, instance):
        return state_of(instance)

    def get_primary(self, instance):
        return state_of(instance) == "Live"


class UsesColumn(Column):
    def get_value(self, instance):
        if instance.usage_limit is None:
            return f"{instance.times_used}"
        return f"{instance.times_used} of {instance.usage_limit}"


class DiscountGivenColumn(Column):
    def get_value(self, instance):
        given = getattr(instance, "discount_given", None)
        return f"{given or 0:.2f}"


class DiscountCodeViewSet(ModelViewSet):
    model = DiscountCode
    name = "discount_codes"
    url_prefix = "discount-codes"
    icon = "tag"
    menu_label = "Discount codes"
    menu_order = 25
    menu_hook = SHOP_MENU_HOOK
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = DiscountCodeIndexView
    search_fields = ["code", "description"]
    search_backend_name = None
    list_filter = ["is_active", "kind", "once_per_email"]
    list_display = [
        "code",
        Column("summary", label="Discount"),
        StateColumn("state", label="State"),
        UsesColumn("uses", label="Uses"),
        DiscountGivenColumn("discount_given", label="Discount given (paid orders)"),
        Column("ends_at", label="Valid until"),
    ]
    list_export = [
        "code",
        "summary",
        "is_active",
        "starts_at",
        "ends_at",
        "usage_limit",
        "times_used",
        "discount_given",
    ]
    export_filename = "discount-codes"
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("code"),
                FieldPanel("description"),
                FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
                FieldPanel("is_active"),
            ],
            heading="The code",
        ),
        MultiFieldPanel(
            [
                FieldPanel("minimum_order"),
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldRowPanel(
                    [FieldPanel("usage_limit"), FieldPanel("once_per_email")]
                ),
            ],
            heading="When it applies",
        ),
        MultiFieldPanel(
            [
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("products", widget=forms.CheckboxSelectMultiple),
            ],
            heading="What it applies to (leave both empty for the whole shop)",
        ),
    ]
