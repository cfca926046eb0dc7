"""Extension points of the catalogue: where apps above it add to the shop.

The catalogue sits below guides in the layering (config > guides > shop.* > home), so
it may never import guides, name its app label or look up relations guides adds to
its models. Yet product pages link to the relief methods and guides that recommend a
product, and the shop listing filters by relief method. This module is the contract
that makes that possible the right way round: the catalogue owns two small registries
and renders whatever is registered; guides registers its providers from
`GuidesConfig.ready()` (see `guides/shop_extensions.py`).

- **Product page links** (`ProductLinksProvider`): given a product, the pages that
  *recommend* it (shown under "Helps with") and the pages that *mention* it (shown
  under "Read more"). Providers run in registration order; their pages are appended.
- **Listing filters** (`ListingFilter`): one extra choice field of the shop listing,
  with its query-string key, label, choices and how it narrows the product queryset.
  It is offered only while it has choices, and an unknown value is ignored, like every
  other filter.

- **Buy-box panels** (`register_buy_box_panel`): a template the product page includes
  under the buy box, with the page's context (its variant options and their stock
  states). Back-in-stock alerts put their form there. A panel is part of the cached
  page: the same for every reader, and no queries of its own.

Without any provider (guides not installed) product pages simply have no such links
and the listing has no extra filters. Registration is keyed by name, so calling it
twice (tests, autoreload) replaces rather than duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only; importing models here would be a cycle
    from wagtail.models import Page

    from .models import ProductPage, ProductPageQuerySet


class ProductLinksProvider(Protocol):
    """Pages elsewhere on the site that point readers at a product."""

    def recommending_pages(self, product: ProductPage) -> list[Page]:
        """Live pages that recommend this product, in display order."""

    def mentioning_pages(
        self, product: ProductPage, *, exclude: list[Page]
    ) -> list[Page]:
        """Live pages that mention this product, leaving out `exclude`."""


@dataclass(frozen=True)
class ListingFilter:
    """An extra filter of the shop listing, read from `?<key>=<slug>`.

    `choices()` returns (value, label) pairs worth offering (each matching at least one
    live product); `apply(products, value)` narrows a ProductPageQuerySet to one.
    """

    key: str
    label: str
    empty_label: str
    choices: Callable[[], list[tuple[str, str]]]
    apply: Callable[[ProductPageQuerySet, str], ProductPageQuerySet]


@dataclass
class _Registry:
    link_providers: dict[str, ProductLinksProvider] = field(default_factory=dict)
    listing_filters: dict[str, ListingFilter] = field(default_factory=dict)
    buy_box_panels: list[str] = field(default_factory=list)


_registry = _Registry()


def register_product_links(name: str, provider: ProductLinksProvider) -> None:
    """Add (or replace) a provider of links shown on every product page."""
    _registry.link_providers[name] = provider


def register_listing_filter(listing_filter: ListingFilter) -> None:
    """Add (or replace) an extra filter of the shop listing, by its key."""
    _registry.listing_filters[listing_filter.key] = listing_filter


def listing_filters() -> list[ListingFilter]:
    """The registered listing filters, in registration order."""
    return list(_registry.listing_filters.values())


@dataclass(frozen=True)
class ProductLinks:
    """What a product page shows under "Helps with" and "Read more"."""

    recommending: list = field(default_factory=list)
    mentioning: list = field(default_factory=list)


def product_links(product: ProductPage) -> ProductLinks:
    """Ask every provider for the pages that recommend and mention `product`.

    A page shown as recommending is not repeated among the pages mentioning it.
    """
    if product.pk is None:  # a preview before the first save links to nothing
        return ProductLinks()
    recommending: list = []
    for provider in _registry.link_providers.values():
        recommending.extend(provider.recommending_pages(product))
    mentioning: list = []
    for provider in _registry.link_providers.values():
        mentioning.extend(provider.mentioning_pages(product, exclude=recommending))
    return ProductLinks(recommending, mentioning)


def register_buy_box_panel(template_name: str) -> None:
    """Include `template_name` under every product page's buy box (once)."""
    if template_name not in _registry.buy_box_panels:
        _registry.buy_box_panels.append(template_name)


def buy_box_panels() -> list[str]:
    return list(_registry.buy_box_panels)
