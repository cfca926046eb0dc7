"""The shop's staff admin, registered from one place: the Shop menu group and its
entries (orders, stock, stock ledger, reviews, reports), the staff stylesheet, the
admin-home panels (dashboard.py) and the custom permissions (so they can be ticked
in Settings → Groups).

The apps below only define their viewsets; none registers itself, so what the Shop
menu holds can be read here.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from shop.discounts.viewsets import DiscountCodeViewSet
from shop.inventory.viewsets import StockMovementViewSet, StockViewSet
from shop.orders.bulk_actions import BULK_ACTIONS
from shop.orders.reports import REPORTS_PERMISSION, report_viewsets
from shop.orders.viewsets import OrderViewSet
from shop.reviews.admin_views import MODERATE_REVIEW
from shop.reviews.viewsets import ReviewViewSet

from .dashboard import (
    DeliveriesPanel,
    LowStockPanel,
    OrdersToFulfilPanel,
    ReviewsPanel,
    SalesPanel,
)
from .menu import ShopMenuGroup
from .purchasing import PurchaseOrderViewSet, StockChooserViewSet
from .roles import CUSTOM_PERMISSIONS


@hooks.register("register_admin_viewset")
def register_shop_viewsets():
    return [
        ShopMenuGroup(),
        OrderViewSet(),
        StockViewSet(),
        StockMovementViewSet(),
        PurchaseOrderViewSet(),
        StockChooserViewSet(),
        ReviewViewSet(),
        DiscountCodeViewSet(),
        *report_viewsets(),
    ]


for bulk_action in BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("insert_global_admin_css")
def staff_admin_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/staff-admin.css")
    )


@hooks.register("construct_homepage_panels")
def add_shop_panels(request, panels):
    """Managers see sales; whoever packs sees the orders waiting; stock roles see
    low stock and deliveries expected; moderators the reviews waiting (cached for a
    minute, see dashboard.py)."""
    user = request.user
    if user.has_perm(REPORTS_PERMISSION):
        panels.append(SalesPanel())
    if user.has_perm("orders.fulfil_order"):
        panels.append(OrdersToFulfilPanel())
    if user.has_perm("inventory.view_stocklevel"):
        panels.append(LowStockPanel())
    if user.has_perm("inventory.view_purchaseorder"):
        panels.append(DeliveriesPanel())
    if user.has_perm(MODERATE_REVIEW):
        panels.append(ReviewsPanel())


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
