"""Orders in the Wagtail admin: an "Orders" search area for people allowed to see
orders, and the audit-log actions staff write. The Orders listing and the reports
are placed in the Shop menu by shop.staff, which registers every shop viewset."""

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.search import SearchArea
from wagtail.log_actions import LogFormatter


class OrderSearchArea(SearchArea):
    """Offered next to page search only to users who may see orders: a marketer's
    admin search never lists or links order data."""

    def is_shown(self, request):
        return request.user.has_perm("orders.view_order")


@hooks.register("register_admin_search_area")
def register_order_search_area():
    return OrderSearchArea(
        "Orders",
        reverse("shop_orders:index"),
        name="orders",
        icon_name="list-ul",
        order=900,
    )


@hooks.register("register_log_actions")
def register_order_log_actions(actions):
    @actions.register_action("orders.shipped")
    class Shipped(LogFormatter):
        label = "Mark order shipped"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return (
                f"Shipped with {data.get('carrier_name', '?')}, tracking "
                f"{data.get('tracking_number', '?')}"
            )

    @actions.register_action("orders.refund")
    class Refunded(LogFormatter):
        label = "Refund order"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            return f"Refunded {data.get('amount', '?')}: {data.get('reason', '')}"

    @actions.register_action("orders.shopper_emailed")
    class ShopperEmailed(LogFormatter):
        label = "E-mail the shopper"

        def format_message(self, log_entry):
            event = (log_entry.data or {}).get("event", "")
            return f"Shopper e-mailed: {event.split(':')[0] or '?'}"
