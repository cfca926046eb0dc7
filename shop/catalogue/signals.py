"""Keep a product's search entry, stored summary and cached pages in step with its
variants (SKUs are searchable; prices and stock badges show wherever the product
does)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.search import index

from home.purges import purge_batch
from shop.inventory.states import site_low_stock_threshold, stock_state

from .models import ProductPage, ProductVariant
from .summaries import (
    LISTING_KEYS,
    refresh_product_summaries,
    sync_products,
    sync_products_under,
)


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


def summarise_variant_saved(sender, instance, raw=False, **kwargs):
    """A variant created, repriced, switched on or off: its product's figures move.

    Runs inside the saving transaction, so a listing never sees the new price
    without the new summary."""
    if not raw:
        refresh_product_summaries([instance.product_id])


def summarise_variant_deleted(sender, instance, **kwargs):
    # Update only: when the whole product is being deleted its summary row may be
    # gone already, and must not be written again.
    refresh_product_summaries([instance.product_id], create=False)


def summarise_stock_changed(sender, variant_ids, **kwargs):
    """Units moved (received, reserved, released, sold, adjusted, counted)."""
    product_ids = ProductVariant.objects.filter(pk__in=variant_ids).values_list(
        "product_id", flat=True
    )
    refresh_product_summaries(product_ids)


def summarise_gallery_saved(sender, instance, raw=False, **kwargs):
    """A picture added or reordered (publishing writes the gallery rows): the
    card may show another one."""
    if not raw:
        refresh_product_summaries([instance.page_id])


def summarise_gallery_deleted(sender, instance, **kwargs):
    # Update only, as for variants: the product itself may be going.
    refresh_product_summaries([instance.page_id], create=False)


def sync_product_page_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Publishing, unpublishing (scheduled expiry too) and editing `featured` all
    save the page: copy what the listing filters and sorts by into its summary.

    Connected for `Page` as well as `ProductPage`, since Wagtail sometimes saves a
    product through a plain page instance; saves that cannot change the copied
    fields (a draft revision's bookkeeping) are skipped."""
    if raw:
        return
    if update_fields is not None and not LISTING_KEYS.intersection(update_fields):
        return
    if sender is not ProductPage and (
        instance.content_type_id != ContentType.objects.get_for_model(ProductPage).pk
    ):
        return
    sync_products([instance.pk])


def sync_moved_pages(sender, instance, parent_page_before, parent_page_after, **kw):
    """A move rewrites the paths of the moved page's subtree and may shift its new
    siblings: re-copy the keys of every product below either parent."""
    sync_products_under(parent_page_before.pk, parent_page_after.pk)
