"""Keep a product's search entry and its cached pages in step with its variants
(SKUs are searchable; prices and stock badges show wherever the product does)."""

from django.db import transaction
from wagtail.search import index

from home.purges import purge_batch
from shop.inventory.states import site_low_stock_threshold, stock_state

from .models import ProductPage


def reindex_product(sender, instance, raw=False, **kwargs):
    if raw:
        return
    product_id = instance.product_id

    def update():
        product = ProductPage.objects.filter(pk=product_id).first()
        if product is not None:
            index.insert_or_update_object(product)

    transaction.on_commit(update)


def purge_product(product_id: int) -> None:
    """After commit: the product's page and every page that shows it."""

    def purge():
        product = ProductPage.objects.filter(pk=product_id).first()
        if product is not None:
            purge_batch([product]).purge()

    transaction.on_commit(purge)


def variant_saved(sender, instance, raw=False, **kwargs):
    """A price, a name or a variant switched on or off shows on every card."""
    if not raw:
        purge_product(instance.product_id)


def stock_badge_changed(sender, level, available_before, threshold_before, **kwargs):
    """Purge only when what a shopper sees changes ("In stock", "Only 3 left",
    "Out of stock"), so ordinary sales of a well-stocked product purge nothing."""
    available_after, threshold_after = level.available, level.low_stock_threshold
    product_id = level.variant.product_id

    def compare_and_purge():
        default = None
        if threshold_before is None or threshold_after is None:
            default = site_low_stock_threshold()
        before = stock_state(available_before, _or(threshold_before, default))
        after = stock_state(available_after, _or(threshold_after, default))
        if before.label != after.label:
            purge_product(product_id)

    transaction.on_commit(compare_and_purge)


def _or(threshold, default):
    return default if threshold is None else threshold
