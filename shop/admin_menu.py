"""The name of the Shop admin menu and a permission-guarded menu entry.

A plain module at the top of the `shop` package so that any shop app (and the apps
above) can put a viewset under the Shop menu without importing the app that draws the
menu: `shop.staff` creates the group and registers every shop viewset.
"""

from django.utils.functional import cached_property
from wagtail.admin.viewsets.base import ViewSet

#: Viewsets whose `menu_hook` is this appear in the Shop menu group.
SHOP_MENU_HOOK = "register_shop_menu_item"


class MenuOnlyViewSet(ViewSet):
    """A plain viewset whose menu item sits in the Shop menu behind a permission."""

    menu_hook = SHOP_MENU_HOOK
    permission_required = ""

    @cached_property
    def menu_item_class(self):
        from wagtail.admin.menu import MenuItem

        permission = self.permission_required

        def is_shown(_self, request):
            return request.user.has_perm(permission)

        return type(
            f"{self.__class__.__name__}MenuItem", (MenuItem,), {"is_shown": is_shown}
        )
