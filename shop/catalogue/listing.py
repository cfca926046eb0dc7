"""The product listing behind `/shop/` and every category page.

`build_listing` reads as its steps: find the categories, gather the filter choices,
parse the filters from the query string (ignoring what does not validate), start
from the listed products under the page, apply the filters, sort, paginate, then
describe the applied filters and category links for the template.
The query count is fixed: it does not grow with the number of products on the page.

Filters, order and count read only the stored product summaries (`ProductSummary`
holds copies of the page fields they need, and indexes in the listing's order), so
the count is an index-only count and a page, however deep, is an index walk; only
the page's 24 products are then read for their cards, in the same query as the
walk (a subquery). Listing the first page or the 200th of ten thousand products
costs about what listing a demo shop does.

Filters other apps add (the guides' relief methods) come from the catalogue's
extension point (`extensions.listing_filters()`); the listing treats them exactly
like its own choice filters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.utils.http import urlencode
from wagtail.models import Page

from home.models import BodyArea
from home.prefetch import prefetch_renditions
from home.tree_cache import tree_cached
from home.view_restrictions import public_pages

from .cards import (
    FIGURE_COLUMNS,
    card_products,
    cards_in_order,
    cards_pictures,
    figures_by_product,
)
from .extensions import ListingFilter, listing_filters
from .forms import ProductFilterForm
from .models import (
    ProductCategoryPage,
    ProductPage,
    ProductSummary,
    ProductSummaryQuerySet,
    ShopIndexPage,
    low_stock_threshold_for,
)

PAGE_SIZE = 24
DEFAULT_SORT = "featured"


@dataclass(frozen=True)
class ActiveFilter:
    """One applied filter, with the URL that removes just this one."""

    label: str
    remove_url: str


@dataclass(frozen=True)
class CategoryLink:
    title: str
    url: str
    current: bool


@dataclass(frozen=True)
class FilterChoices:
    """What each choice filter offers: (value, label) pairs per query-string key."""

    categories: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    extensions: list[tuple[ListingFilter, list[tuple[str, str]]]]

    def form(self, data=None, *, initial=None) -> ProductFilterForm:
        return ProductFilterForm(
            data,
            initial=initial,
            categories=self.categories,
            areas=self.areas,
            extensions=self.extensions,
        )

    def labels(self) -> dict[str, dict[str, str]]:
        """Label of each choice by filter key, for the applied-filter badges."""
        return {
            "category": dict(self.categories),
            **{extension.key: dict(choices) for extension, choices in self.extensions},
            "area": dict(self.areas),
        }


def body_area_choices() -> list[tuple[str, str]]:
    """(slug, name) of body areas that at least one live product helps, kept until
    the page tree next changes (publishing is what makes a product live)."""
    return tree_cached("catalogue:body-area-choices", _read_body_area_choices)


def _read_body_area_choices() -> list[tuple[str, str]]:
    through = ProductPage.body_areas.through
    # One live product per area is enough. Asked as "the first such product" (a
    # scalar subquery, which PostgreSQL runs per area and stops at the first hit)
    # rather than EXISTS, which it turns into a semi-join hashing every product of
    # every area: 18 ms at 10,000 products instead of well under one.
    first_live_product = through.objects.filter(
        bodyarea_id=OuterRef("pk"), productpage__live=True
    ).values("productpage_id")[:1]
    return list(
        BodyArea.objects.annotate(first_live_product=Subquery(first_live_product))
        .filter(first_live_product__isnull=False)
        .values_list("slug", "name")
    )


# --- the steps -----------------------------------------------------------------------


def child_categories(shop: Page | None) -> list[ProductCategoryPage]:
    """The shop's live, public category pages, in tree order, with their pictures,
    kept until the page tree next changes. (Read afresh, `child_of` is a path
    prefix, which SQLite's case-insensitive LIKE cannot take from the path index:
    it scanned every page, 7 ms at 10,000 products.)"""
    if shop is None:
        return []
    if shop.pk is None:
        return []  # a shop previewed before its first save has no children

    def read():
        return list(
            public_pages(ProductCategoryPage.objects.live())
            .child_of(shop)
            .select_related("image")
            .order_by("path")
        )

    return tree_cached(f"catalogue:child-categories:{shop.pk}", read)


def filter_choices(
    categories: list[ProductCategoryPage], category: ProductCategoryPage | None
) -> FilterChoices:
    """The choices every choice filter offers; a category page offers no categories."""
    return FilterChoices(
        categories=(
            [(page.slug, page.title) for page in categories] if category is None else []
        ),
        areas=body_area_choices(),
        extensions=[(f, f.choices()) for f in listing_filters()],
    )


def base_queryset(
    root: ShopIndexPage | ProductCategoryPage | None,
) -> ProductSummaryQuerySet:
    """The summaries of the listed products (those that get a card) under
    the listing's page."""
    products = ProductSummary.objects.listed().public()
    if root is not None and root.pk is None:
        return products.none()  # previewed before its first save: still empty
    if root is not None:
        return products.below(root)
    return products


def apply_filters(
    products,
    values: dict,
    *,
    chosen_category: ProductCategoryPage | None,
    extensions: list[ListingFilter],
):
    """Narrow the products (their summaries) by every valid filter value."""
    if chosen_category is not None:
        products = products.below(chosen_category)
    for extension in extensions:
        if extension.key in values:
            products = extension.apply(products, values[extension.key])
    if "area" in values:
        products = products.for_body_area(values["area"])
    if "price_min" in values or "price_max" in values:
        products = products.priced_between(
            values.get("price_min"), values.get("price_max")
        )
    if values.get("in_stock"):
        products = products.in_stock()
    return products


class ListingResults:
    """What the listing's paginator pages through.

    Counting reads only the filtered summaries; a slice reads that page's
    summaries, sorted, with the figures their cards show, and takes the product
    pages from the tree cache (`cards.card_products`): two queries, the second
    for the pictures' renditions, whatever the catalogue's size.
    """

    def __init__(self, keys: ProductSummaryQuerySet, sort: str):
        self.keys = keys.ordered_by(sort)
        self.sort = sort

    def count(self) -> int:
        return self.keys.count()

    def __getitem__(self, window: slice) -> list[ProductPage]:
        rows = list(self.keys.values_list(*FIGURE_COLUMNS)[window])
        # No renditions: each card is kept rendered under its picture's key.
        return cards_in_order(
            [row[0] for row in rows], figures=figures_by_product(rows)
        )


def paginate(products: ProductSummaryQuerySet, sort: str, request):
    paginator = Paginator(ListingResults(products, sort), PAGE_SIZE)
    return paginator, paginator.get_page(request.GET.get("page"))


def querystring(values: dict, keys) -> str:
    """Encode filter values in a stable order; the default sort is left out."""
    params = []
    for key in (*keys, "sort"):
        value = values.get(key)
        if value in (None, "", False) or (key == "sort" and value == DEFAULT_SORT):
            continue
        params.append((key, "1" if value is True else str(value)))
    return urlencode(params)


def with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def active_filters(
    values: dict, keys, labels: dict, base_url: str
) -> list[ActiveFilter]:
    """One badge per applied filter, each linking to the listing without it."""
    badges = []
    for key in keys:
        if key not in values:
            continue
        value = values[key]
        if key in labels:
            label = labels[key].get(value, value)
        elif key == "price_min":
            label = f"From €{value:.2f}"
        elif key == "price_max":
            label = f"Up to €{value:.2f}"
        else:
            label = "In stock only"
        remaining = {k: v for k, v in values.items() if k != key}
        badges.append(
            ActiveFilter(label, with_query(base_url, querystring(remaining, keys)))
        )
    return badges


def category_links(
    categories, values: dict, keys, request, *, category, chosen_category
) -> list[CategoryLink]:
    """Category links keep the other filters, but not the page number."""
    others = querystring({k: v for k, v in values.items() if k != "category"}, keys)
    return [
        CategoryLink(
            page.title,
            with_query(page.get_url(request), others),
            current=(category is not None and page.pk == category.pk)
            or (category is None and page is chosen_category),
        )
        for page in categories
    ]


def build_listing(
    request,
    *,
    shop: Page | None,
    category: ProductCategoryPage | None = None,
) -> dict:
    """Template context for a listing page: products, filters, pagination, links."""
    root = category or shop
    categories = child_categories(shop)
    if category is not None:
        # The category page's own picture (its share image) came with the list.
        for page in categories:
            if page.pk == category.pk and page.image_id == category.image_id:
                category.image = page.image
    choices = filter_choices(categories, category)
    form = choices.form(request.GET)
    values, keys = form.filters(), form.filter_keys
    # On the shop index a category is a filter; on a category page it is the root.
    chosen_category = (
        {page.slug: page for page in categories}.get(values.get("category", ""))
        if category is None
        else None
    )

    products = apply_filters(
        base_queryset(root),
        values,
        chosen_category=chosen_category,
        extensions=[extension for extension, _ in choices.extensions],
    )
    sort = values.get("sort", DEFAULT_SORT)
    paginator, page_of_products = paginate(products, sort, request)

    base_url = (root.get_url(request) if root is not None else None) or "/shop/"
    badges = active_filters(values, keys, choices.labels(), base_url)
    return {
        "products": page_of_products,
        "paginator": paginator,
        "filter_form": choices.form(initial=dict(values)),
        "active_filters": badges,
        "filter_count": len(badges),
        "querystring": querystring(values, keys),
        "clear_filters_url": with_query(base_url, querystring({"sort": sort}, keys)),
        "category_links": category_links(
            categories,
            values,
            keys,
            request,
            category=category,
            chosen_category=chosen_category,
        ),
        "all_products_current": category is None and chosen_category is None,
        "shop_url": shop.get_url(request) if shop is not None else base_url,
        "sort": sort,
        "low_stock_threshold": low_stock_threshold_for(request),
        "eager_image_count": 3,
    }


def search_hits(ids: list[int]) -> list:
    """Site-search hits of the products kind: products as their cards need them
    (price range, stock and first picture in a fixed number of queries), and
    category pages as they are."""
    products: list = list(card_products(ids).values())
    prefetch_renditions(cards_pictures(products))
    found = {product.pk for product in products}
    others = [pk for pk in ids if pk not in found]
    if others:
        products += ProductCategoryPage.objects.filter(pk__in=others)
    return products
