"""The shop's staff admin, registered from one place: the Shop menu group and its
entries (orders, stock, stock ledger, reports), the staff stylesheet, the admin-home
low-stock panel and the custom permissions (so they can be ticked in
Settings → Groups).

The apps below only define their viewsets; none registers itself, so what the Shop
menu holds can be read here.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from shop.inventory.reports import default_threshold, low_stock, state_of
from shop.inventory.states import StockState
from shop.inventory.viewsets import StockMovementViewSet, StockViewSet
from shop.orders.reports import report_viewsets
from shop.orders.viewsets import OrderViewSet

from .menu import ShopMenuGroup
from .roles import CUSTOM_PERMISSIONS

LOW_STOCK_PANEL_ROWS = 10


@hooks.register("register_admin_viewset")
def register_shop_viewsets():
    return [
        ShopMenuGroup(),
        OrderViewSet(),
        StockViewSet(),
        StockMovementViewSet(),
        *report_viewsets(),
    ]


@hooks.register("insert_global_admin_css")
def staff_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/staff-admin.css")
    )


class LowStockPanel(Component):
    """Admin home: SKUs at or below their low-stock threshold, emptiest first."""

    name = "low_stock"
    template_name = "shop/staff/low_stock_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        rows = low_stock(default_threshold(request))
        shown = list(rows[:LOW_STOCK_PANEL_ROWS])
        for level in shown:
            level.state = state_of(level)
        listing_url = reverse("stock:index")
        return {
            "levels": shown,
            "total": rows.count(),
            "low_url": f"{listing_url}?state={StockState.LOW}",
            "out_url": f"{listing_url}?state={StockState.OUT}",
        }


@hooks.register("construct_homepage_panels")
def add_low_stock_panel(request, panels):
    if request.user.has_perm("inventory.view_stocklevel"):
        panels.append(LowStockPanel())


@hooks.register("register_permissions")
def register_shop_permissions():
    query = Q()
    for app_label, model, codename, _name in CUSTOM_PERMISSIONS:
        query |= Q(
            content_type__app_label=app_label,
            content_type__model=model,
            codename=codename,
        )
    return Permission.objects.filter(query)
