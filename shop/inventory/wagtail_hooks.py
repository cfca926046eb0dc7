"""Stock's own audit-log action. The stock listings are placed in the Shop menu by
shop.staff, which registers every shop viewset."""

from wagtail import hooks
from wagtail.log_actions import LogFormatter


@hooks.register("register_log_actions")
def register_stock_log_actions(actions):
    @actions.register_action("inventory.threshold")
    class ThresholdChanged(LogFormatter):
        label = "Change low-stock threshold"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            before = data.get("from")
            after = data.get("to")
            return (
                f"Low-stock threshold {before if before is not None else 'default'}"
                f" → {after if after is not None else 'default'}: "
                f"{data.get('reason', '')}"
            )
