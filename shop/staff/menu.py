"""The "Shop" group in the Wagtail admin menu.

Every shop viewset is registered from `shop/staff/wagtail_hooks.py`; viewsets whose
`menu_hook` is SHOP_MENU_HOOK (from `shop/admin_menu.py`) appear in this group. That
hook is also how apps above the shop add an entry: they register a viewset with
`menu_hook = SHOP_MENU_HOOK` (e.g. `shop.orders.reports.report_viewset()`) from
their own wagtail_hooks.py, so the shop never has to know about them.
"""

from wagtail.admin.viewsets.base import ViewSetGroup

from shop.admin_menu import SHOP_MENU_HOOK, MenuOnlyViewSet

__all__ = ["SHOP_MENU_HOOK", "MenuOnlyViewSet", "ShopMenuGroup"]


class ShopMenuGroup(ViewSetGroup):
    """The "Shop" entry in the admin menu. Items come through the
    `register_shop_menu_item` hook; a user who may see none of them (a marketer)
    sees no Shop menu at all."""

    menu_label = "Shop"
    menu_icon = "tasks"
    menu_order = 150
    submenu_hook = SHOP_MENU_HOOK
    items = ()
