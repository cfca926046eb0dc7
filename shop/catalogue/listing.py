"""The product listing behind `/shop/` and every category page.

Reads the filters from the query string (ignoring what does not validate), narrows
`ProductPage.objects.for_cards()` with queryset methods, sorts and paginates. The
query count is fixed: it does not grow with the number of products on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.utils.http import urlencode

from home.models import BodyArea

from .forms import ProductFilterForm
from .models import (
    ProductCategoryPage,
    ProductPage,
    ShopIndexPage,
    low_stock_threshold_for,
    relief_method_link_model,
)

PAGE_SIZE = 24


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


def relief_method_choices() -> list[tuple[str, str]]:
    """(slug, title) of live relief methods that recommend at least one live product."""
    link_model = relief_method_link_model()
    if link_model is None:
        return []
    method_model = link_model._meta.get_field("page").related_model
    return list(
        method_model.objects.live()
        .public()
        .filter(
            Exists(
                link_model.objects.filter(page_id=OuterRef("pk"), product__live=True)
            )
        )
        .order_by("title")
        .values_list("slug", "title")
    )


def body_area_choices() -> list[tuple[str, str]]:
    """(slug, name) of body areas that at least one live product helps."""
    through = ProductPage.body_areas.through
    return list(
        BodyArea.objects.filter(
            Exists(
                through.objects.filter(
                    bodyarea_id=OuterRef("pk"), productpage__live=True
                )
            )
        ).values_list("slug", "name")
    )


def _querystring(values: dict) -> str:
    """Encode filter values in a stable order; the default sort is left out."""
    params = []
    for key in (*ProductFilterForm.FILTER_KEYS, "sort"):
        value = values.get(key)
        if value in (None, "", False) or (key == "sort" and value == "featured"):
            continue
        params.append((key, "1" if value is True else str(value)))
    return urlencode(params)


def _with_query(url: str, querystring: str) -> str:
    return f"{url}?{querystring}" if querystring else url


def build_listing(
    request,
    *,
    shop: ShopIndexPage | None,
    category: ProductCategoryPage | None = None,
) -> dict:
    """Template context for a listing page: products, filters, pagination, links."""
    root = category or shop
    categories = (
        list(
            ProductCategoryPage.objects.live().public().child_of(shop).order_by("path")
        )
        if shop is not None
        else []
    )
    category_by_slug = {page.slug: page for page in categories}
    relief_methods = relief_method_choices()
    areas = body_area_choices()
    choice_sets = {
        "categories": (
            [(page.slug, page.title) for page in categories] if category is None else []
        ),
        "relief_methods": relief_methods,
        "areas": areas,
    }
    form = ProductFilterForm(request.GET, **choice_sets)
    values = form.filters()

    products = ProductPage.objects.for_cards()
    if root is not None and root.pk is None:
        products = products.none()  # previewed before its first save: still empty
    elif root is not None:
        products = products.descendant_of(root)
    chosen_category = category_by_slug.get(values.get("category", ""))
    if category is None and chosen_category is not None:
        products = products.descendant_of(chosen_category)
    if "relief" in values:
        products = products.for_relief_method(values["relief"])
    if "area" in values:
        products = products.for_body_area(values["area"])
    if "price_min" in values or "price_max" in values:
        products = products.priced_between(
            values.get("price_min"), values.get("price_max")
        )
    if values.get("in_stock"):
        products = products.in_stock()
    sort = values.get("sort", "featured")
    products = products.ordered_by(sort)

    paginator = Paginator(products, PAGE_SIZE)
    page_of_products = paginator.get_page(request.GET.get("page"))

    base_url = (root.get_url(request) if root is not None else None) or "/shop/"
    querystring = _querystring(values)
    labels = {
        "category": dict(choice_sets["categories"]),
        "relief": dict(relief_methods),
        "area": dict(areas),
    }
    active_filters = []
    for key in ProductFilterForm.FILTER_KEYS:
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
        active_filters.append(
            ActiveFilter(label, _with_query(base_url, _querystring(remaining)))
        )

    # Category links keep the other filters, but not the page number.
    other_filters = _querystring({k: v for k, v in values.items() if k != "category"})
    category_links = [
        CategoryLink(
            page.title,
            _with_query(page.get_url(request), other_filters),
            current=(category is not None and page.pk == category.pk)
            or (category is None and page is chosen_category),
        )
        for page in categories
    ]
    display_form = ProductFilterForm(initial=dict(values), **choice_sets)
    return {
        "products": page_of_products,
        "paginator": paginator,
        "filter_form": display_form,
        "active_filters": active_filters,
        "filter_count": len(active_filters),
        "querystring": querystring,
        "clear_filters_url": _with_query(base_url, _querystring({"sort": sort})),
        "category_links": category_links,
        "all_products_current": category is None and chosen_category is None,
        "shop_url": shop.get_url(request) if shop is not None else base_url,
        "sort": sort,
        "low_stock_threshold": low_stock_threshold_for(request),
        "eager_image_count": 3,
    }
