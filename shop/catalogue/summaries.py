"""The one place that writes `ProductSummary` rows (see its docstring).

`refresh_product_summaries` recomputes rows from the variants and their stock and
the gallery, in one aggregate query, one gallery query and one bulk write per batch
of products. It locks the summary rows
first (in product order), so two transactions changing stock of the same product
cannot both compute from the other's old figures and leave a stale total behind.

`refresh_product_ratings` copies the published rating from the registered rating
source (the reviews app calls it when a review is saved or deleted), under the same
row lock.

`sync_listing_keys` copies the page fields the listing filters and sorts by (`live`,
`featured`, `path`) in one UPDATE; the catalogue's signal handlers call it when a
product page is saved or a page moves. The refresh service copies them too, so a
new row, or one the repair command rewrites, is exact from the start.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from wagtail.models import Page

from .extensions import has_rating_source, with_ratings
from .models import ProductGalleryImage, ProductPage, ProductSummary, ProductVariant

BATCH_SIZE = 500
SUMMARY_COLUMNS = [
    "min_price",
    "max_price",
    "variant_count",
    "single_variant_id",
    "available_total",
    "card_image",
    "live",
    "featured",
    "path",
    "updated_at",
]
#: The page fields a summary copies for the listing (see `ProductSummary`).
LISTING_KEYS = frozenset({"live", "featured", "path"})


def refresh_product_summaries(
    product_ids: Iterable[int] | None = None, *, create: bool = True
) -> int:
    """Recompute the stored summaries of these products (all products when None).

    With `create=False` only existing rows are updated: a variant deleted along with
    its product must not bring back the summary row the deletion just removed.
    Returns the number of rows written.
    """
    if product_ids is None:
        ids = list(ProductPage.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(product_ids))
    written = 0
    for start in range(0, len(ids), BATCH_SIZE):
        written += _refresh_batch(ids[start : start + BATCH_SIZE], create=create)
    return written


def _refresh_batch(ids: list[int], *, create: bool) -> int:
    with transaction.atomic():
        if create:
            ProductSummary.objects.bulk_create(
                [ProductSummary(product_id=pk) for pk in ids], ignore_conflicts=True
            )
        rows = list(
            ProductSummary.objects.select_for_update()
            .filter(product_id__in=ids)
            .order_by("product_id")
        )
        # Read after the lock: on PostgreSQL each statement sees what other
        # transactions committed before it, including the stock they changed.
        figures = {
            row["product_id"]: row
            for row in ProductVariant.objects.filter(product_id__in=ids, is_active=True)
            .order_by()
            .values("product_id")
            .annotate(
                min_price=Min("price"),
                max_price=Max("price"),
                variant_count=Count("pk"),
                single_variant_id=Min("pk"),
                available_total=Coalesce(
                    Sum(F("stock__on_hand") - F("stock__reserved")), 0
                ),
            )
        }
        keys = {
            pk: (live, featured, path)
            for pk, live, featured, path in ProductPage.objects.filter(
                pk__in=ids
            ).values_list("pk", "live", "featured", "path")
        }
        card_images: dict[int, int] = {}
        for page_id, image_id in (
            ProductGalleryImage.objects.filter(page_id__in=ids)
            .order_by("page_id", F("sort_order").asc(nulls_last=True), "pk")
            .values_list("page_id", "image_id")
        ):
            card_images.setdefault(page_id, image_id)
        for row in rows:
            row.card_image_id = card_images.get(row.product_id)
            found = figures.get(row.product_id, {})
            row.min_price = found.get("min_price")
            row.max_price = found.get("max_price")
            row.variant_count = found.get("variant_count", 0)
            row.single_variant_id = found.get("single_variant_id")
            row.available_total = found.get("available_total", 0)
            row.live, row.featured, row.path = keys.get(
                row.product_id, (False, False, "")
            )
        # bulk_update leaves auto_now fields alone: stamp the rows by hand.
        now = timezone.now()
        for row in rows:
            row.updated_at = now
        ProductSummary.objects.bulk_update(rows, SUMMARY_COLUMNS)
        return len(rows)


def refresh_product_ratings(product_ids: Iterable[int]) -> int:
    """Copy these products' published rating (count and average) from the rating
    source into their summaries; zero and empty without a source.

    The rows are locked first, in product order, and the figures read after the
    lock, so two reviews approved at once cannot leave a count that misses one.
    Returns the number of rows written.
    """
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    with transaction.atomic():
        rows = list(
            ProductSummary.objects.select_for_update()
            .filter(product_id__in=ids)
            .order_by("product_id")
        )
        figures = {}
        if has_rating_source():
            products = with_ratings(ProductPage.objects.filter(pk__in=ids))
            figures = {
                pk: (count, average)
                for pk, count, average in products.values_list(
                    "pk", "rating_count", "rating_average"
                )
            }
        for row in rows:
            count, average = figures.get(row.product_id, (0, None))
            row.rating_count = count or 0
            row.rating_average = (
                Decimal(str(average)).quantize(Decimal("0.01"))
                if count and average is not None
                else None
            )
        ProductSummary.objects.bulk_update(rows, ["rating_count", "rating_average"])
    return len(rows)


def sync_listing_keys(summaries: QuerySet[ProductSummary]) -> int:
    """Copy `live`, `featured` and `path` from the pages of these summaries.

    One UPDATE reading the page rows as they are in the database (never an
    in-memory page, whose path a tree move may have changed behind its back).
    Returns the number of rows written.
    """
    page = Page.objects.filter(pk=OuterRef("product_id"))
    product = ProductPage.objects.filter(pk=OuterRef("product_id"))
    return summaries.update(
        live=Subquery(page.values("live")[:1]),
        path=Subquery(page.values("path")[:1]),
        featured=Subquery(product.values("featured")[:1]),
    )


def sync_products(product_ids: Iterable[int]) -> int:
    """`sync_listing_keys` for these products' summaries."""
    return sync_listing_keys(ProductSummary.objects.filter(product_id__in=product_ids))


def sync_products_under(*page_ids: int) -> int:
    """`sync_listing_keys` for every product below these pages, as the tree is now.

    After a move, the products below the old parent and those below the new one
    are all the pages whose paths the tree may have rewritten (the moved page's
    subtree and the siblings it shifted)."""
    below = Q()
    for path in Page.objects.filter(pk__in=page_ids).values_list("path", flat=True):
        below |= Q(product__path__startswith=path)
    if not below:
        return 0
    return sync_listing_keys(ProductSummary.objects.filter(below))
