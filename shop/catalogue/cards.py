"""Card-ready products: pages kept with the page tree, figures read fresh.

A product card shows two kinds of thing. Its name, address and picture change only
when the product's page is published, unpublished, moved or deleted, or a picture
is saved; each of those starts a new page-tree generation (`home/tree_cache.py`),
so the pages are kept in the tree cache, one entry per product, shared by every
page and listing that shows the product. Its price range, stock badge and rating
change with a sale, a stock count or a review, so each request reads them from the
products' stored summaries, in one small query for all the cards (or from the
listing's own summary query, which already holds them).

Building and compiling a page query that joins the summary and picture (five
joins) and making the page objects cost more than the rest of a card together;
this reads one summary table by primary key instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wagtail.images import get_image_model

from home.tree_cache import tree_cached_many

from .extensions import has_rating_source
from .models import ProductPage, ProductSummary

#: Part of the tree-cache key: change it whenever a kept card page changes shape.
CARD_PAGES_VERSION = 1
#: The summary's price and stock figures, set on a card's product as they are.
STOCK_AND_PRICE_FIELDS = (
    "min_price",
    "max_price",
    "variant_count",
    "single_variant_id",
    "available_total",
)
#: The summary columns a card shows, in the order `figures_by_product` reads them.
FIGURE_FIELDS = (
    *STOCK_AND_PRICE_FIELDS,
    "rating_count",
    "rating_average",
    "card_image_id",
)
#: `ProductSummaryQuerySet.values_list(*FIGURE_COLUMNS)`: the product, then figures.
FIGURE_COLUMNS = ("product_id", *FIGURE_FIELDS)
_NOT_SHOWN = "not shown"  # kept for a product that is not live or not public


def figures_by_product(rows: Iterable[tuple]) -> dict[int, dict[str, Any]]:
    """`{product id: {field: value}}` from rows of `values_list(*FIGURE_COLUMNS)`."""
    return {row[0]: dict(zip(FIGURE_FIELDS, row[1:], strict=True)) for row in rows}


def read_figures(pks: Iterable[int]) -> dict[int, dict[str, Any]]:
    """The stored card figures of these products, in one query."""
    rows = ProductSummary.objects.filter(pk__in=list(pks)).values_list(*FIGURE_COLUMNS)
    return figures_by_product(rows)


def card_products(
    pks: Iterable[int | None],
    *,
    figures: Mapping[int, Mapping[str, Any]] | None = None,
) -> dict[int, ProductPage]:
    """`{pk: product}` for the live, public, sellable products among `pks`, each
    ready for `product_card.html`: the summary's figures as attributes
    (`min_price`, `max_price`, `variant_count`, `single_variant_id`,
    `available_total`, `rating_count`, `rating_average`), the card picture in
    `first_image`. Renditions are not loaded: `product_card.html` is kept
    rendered under its picture's key, and a search result loads its own
    (`cards_pictures`).

    `figures` are the products' summary figures when the caller already read them
    (`figures_by_product`); otherwise one query reads them.
    """
    wanted = list(dict.fromkeys(pk for pk in pks if pk is not None))
    if not wanted:
        return {}
    pages = tree_cached_many(
        f"catalogue:card-page:{CARD_PAGES_VERSION}", wanted, _load_card_pages
    )
    shown = [pk for pk in wanted if pages[pk] != _NOT_SHOWN]
    if figures is None:
        figures = read_figures(shown)
    ratings = has_rating_source()
    products: dict[int, ProductPage] = {}
    for pk in shown:
        found = figures.get(pk)
        if not found or not found["variant_count"]:
            continue  # nothing to sell: no card (as `sellable()`)
        product = pages[pk]
        for field in STOCK_AND_PRICE_FIELDS:
            setattr(product, field, found[field])
        product.rating_count = (found["rating_count"] or 0) if ratings else None
        product.rating_average = found["rating_average"] if ratings else None
        products[pk] = product
    _refresh_pictures(products.values(), figures)
    return products


def cards_in_order(pks: Iterable[int | None], **kwargs) -> list[ProductPage]:
    """`card_products` as a list in the order of `pks` (duplicates kept)."""
    pks = list(pks)
    products = card_products(pks, **kwargs)
    return [products[pk] for pk in pks if pk in products]


def products_for_cards(ids: list[int]) -> list[ProductPage]:
    """Card-ready products for these ids, in the given order (the home page's
    featured row, through the shop window); unpublished ones and those with nothing
    to sell are left out. No renditions: cards are kept rendered under their
    picture's key (`picture_key`)."""
    return cards_in_order(ids)


def cards_pictures(products: Iterable[ProductPage]) -> list:
    """The card pictures of these products (for one renditions query)."""
    return [product.first_image for product in products if product.first_image]


def _load_card_pages(pks: list[int]) -> dict[int, ProductPage | str]:
    """The pages to keep: live and public ones with their card picture, joined
    through the summary and then detached from it (its figures go stale with the
    first sale; each request reads them again)."""
    found = {
        page.pk: page
        for page in ProductPage.objects.filter(pk__in=pks)
        .live()
        .public()
        .defer_streamfields()
        .select_related("summary__card_image")
    }
    summary = ProductPage.summary.related
    for page in found.values():
        kept = getattr(page, "summary", None)  # joined above; None without a row
        page.__dict__["first_image"] = kept.card_image if kept is not None else None
        summary.delete_cached_value(page)
    return {pk: found.get(pk, _NOT_SHOWN) for pk in pks}


def _refresh_pictures(products, figures) -> None:
    """Swap in the current card picture where the summary's differs from the kept
    page's (a gallery changed without the page being published): one query."""
    stale = {
        product.pk: figures[product.pk]["card_image_id"]
        for product in products
        if figures[product.pk]["card_image_id"]
        != getattr(product.first_image, "pk", None)
    }
    if not stale:
        return
    images = get_image_model().objects.in_bulk(
        [pk for pk in stale.values() if pk is not None]
    )
    for product in products:
        if product.pk in stale:
            product.__dict__["first_image"] = images.get(stale[product.pk])
