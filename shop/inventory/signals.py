"""Every variant gets its (empty) stock row the moment it exists; other apps hear of
stock changes without the inventory knowing them."""

from django.dispatch import Signal

from .models import StockLevel

# Sent by the stock service inside its transaction whenever a StockLevel's units or
# threshold change, with `level` (after the change), `available_before` and
# `threshold_before`. Pages that show a stock badge listen for it
# (shop/catalogue/signals.py purges them when the badge a shopper sees changes).
stock_changed = Signal()

# Sent by the stock service inside its transaction once per call that changed units,
# after every row is written, with `variant_ids` (ascending). Listeners that keep
# figures derived from several SKUs (the catalogue's stored product summaries) use
# it to recompute them once, locking in a stable order, rather than per SKU.
stock_levels_changed = Signal()

# Sent once the transaction commits, with `variant_id`, when the stock service took
# a SKU's available units from zero (or below) to above zero: a delivery, a return,
# an adjustment, a stock-take or a released reservation. Back-in-stock alerts
# listen for it (shop/alerts/signals.py); the inventory never knows who listens.
back_in_stock = Signal()


def create_stock_level(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        StockLevel.objects.get_or_create(variant=instance)
