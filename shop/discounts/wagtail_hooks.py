"""The audit-log actions the discount service writes on a code (its History tab).

The Discount codes viewset itself is placed in the Shop menu by shop.staff, which
registers every shop viewset."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter

ACTIONS = {
    "discounts.held": ("Use counted", "Counted for order {order} (−{amount})"),
    "discounts.used": ("Use paid", "Order {order} paid (−{amount}) {note}"),
    "discounts.released": ("Use released", "Released from order {order}: {note}"),
}


def _formatter(label: str, template: str) -> type[LogFormatter]:
    class Formatter(LogFormatter):
        def format_message(self, log_entry):
            data = {"order": "?", "amount": "?", "note": ""}
            data.update(log_entry.data or {})
            return template.format(**data).strip()

    Formatter.label = label
    return Formatter


@hooks.register("register_log_actions")
def register_discount_log_actions(actions):
    for action, (label, template) in ACTIONS.items():
        actions.register_action(action)(_formatter(label, template))
