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
- **Ratings** (`RatingSource`, one at most): what shoppers think of a product. The
  source annotates card querysets with `rating_count` and `rating_average` (so a
  listing's query count does not grow with its cards) and gives a product page its
  published reviews. The catalogue shows the stars, the reviews and the Product
  JSON-LD's `aggregateRating` and `review` from them, only while there is at least one.

- **Buy-box panels** (`register_buy_box_panel`): a template the product page includes
  under the buy box, with the page's context (its variant options and their stock
  states). Back-in-stock alerts put their form there. A panel is part of the cached
  page: the same for every reader, and no queries of its own.

Without any provider (guides not installed) product pages simply have no such links
and the listing has no extra filters. Registration is keyed by name, so calling it
twice (tests, autoreload) replaces rather than duplicates.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_DOWN, ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # annotations only; importing models here would be a cycle
    from wagtail.models import Page

    from .models import ProductPage, ProductPageQuerySet, ProductSummaryQuerySet

    ProductListingQuerySet = ProductPageQuerySet | ProductSummaryQuerySet


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
    live product); `apply(products, value)` narrows a queryset of products to one.
    The listing passes the products' stored summaries (`ProductSummaryQuerySet`),
    whose `pk` is the product id, so a filter must narrow by `pk` alone (e.g.
    `Exists(...filter(product_id=OuterRef("pk")))`), which works on either.
    """

    key: str
    label: str
    empty_label: str
    choices: Callable[[], list[tuple[str, str]]]
    apply: Callable[[ProductListingQuerySet, str], ProductListingQuerySet]


@dataclass(frozen=True)
class ProductRating:
    """The average of a product's published ratings (1 to 5) and how many there are."""

    average: Decimal
    count: int

    @classmethod
    def from_figures(cls, average, count) -> ProductRating | None:
        """From the `rating_average` and `rating_count` annotations; None without
        a published rating."""
        if not count or average is None:
            return None
        rounded = Decimal(str(average)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return cls(rounded, int(count))

    @property
    def stars(self) -> str:
        """Five stars, as many filled as the rounded average: for sighted readers;
        the text next to them says the same in words."""
        filled = int(self.average.quantize(Decimal("1"), ROUND_HALF_DOWN))
        return "★" * filled + "☆" * (5 - filled)


@dataclass(frozen=True)
class ProductReview:
    """One published review as a product page shows it (plain text, escaped on
    output), with the shop's reply when there is one."""

    rating: int
    title: str
    body: str
    author: str
    published: datetime.date
    reply: str = ""
    replied: datetime.date | None = None

    @property
    def stars(self) -> str:
        return "★" * self.rating + "☆" * (5 - self.rating)


@dataclass(frozen=True)
class ProductReviews:
    """A product page's reviews: the rating over all of them, and the newest."""

    rating: ProductRating | None
    newest: list[ProductReview] = field(default_factory=list)


class RatingSource(Protocol):
    """Where ratings and reviews come from (the reviews app registers one)."""

    def annotate(self, products: ProductPageQuerySet) -> ProductPageQuerySet:
        """`products` annotated with `rating_count` and `rating_average` (None
        without a published rating), as subqueries: no query per product."""

    def reviews(self, product: ProductPage) -> ProductReviews:
        """The product's rating and its newest published reviews, in fixed queries."""


@dataclass
class _Registry:
    link_providers: dict[str, ProductLinksProvider] = field(default_factory=dict)
    listing_filters: dict[str, ListingFilter] = field(default_factory=dict)
    rating_source: RatingSource | None = None
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


def register_rating_source(source: RatingSource | None) -> None:
    """Set (or, with None, remove) where product ratings and reviews come from."""
    _registry.rating_source = source


def has_rating_source() -> bool:
    return _registry.rating_source is not None


def with_ratings(products: ProductPageQuerySet) -> ProductPageQuerySet:
    """`products` with `rating_count` and `rating_average` annotated when a rating
    source is registered; unchanged otherwise (cards then show no rating)."""
    source = _registry.rating_source
    return source.annotate(products) if source is not None else products


def product_reviews(product: ProductPage) -> ProductReviews | None:
    """The product page's rating and newest reviews; None without a rating source
    (the page then has no reviews section at all)."""
    source = _registry.rating_source
    if source is None:
        return None
    if product.pk is None:  # a preview before the first save
        return ProductReviews(rating=None)
    return source.reviews(product)


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
