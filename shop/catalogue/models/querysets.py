"""Reads for product listings and cards; templates only present what these return."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from home.view_restrictions import PublicPageQuerySet, any_restriction_exists
from shop.catalogue.extensions import has_rating_source

from .variants import ProductVariant

SUMMARY_FIELDS = (
    "min_price",
    "max_price",
    "variant_count",
    "single_variant_id",
    "available_total",
)
#: Summaries of the products a listing shows: live, with an active variant. The
#: condition of the summary's partial indexes too (see `ProductSummary.Meta`).
#: "Not zero" rather than "above zero" (the same for a count): SQLite, which has no
#: statistics here, would otherwise prefer the range on `catalogue_summary_stock`
#: to the partial indexes and read table rows to count and sort.
LISTED = Q(live=True) & ~Q(variant_count=0)
#: What a rating source annotates (see `extensions.RatingSource`).
RATING_FIELDS = ("rating_count", "rating_average")


class ProductPageQuerySet(PublicPageQuerySet):
    """Reads for product listings; templates only present what these return."""

    def with_variant_summary(self):
        """Annotate active variants' price range, count, total availability.

        Read from the stored `ProductSummary` with one join (no per-row aggregate).
        `single_variant_id` is the lowest active variant id; with `variant_count == 1`
        it is the variant a card's add-to-cart button sends.
        """
        return self.annotate(
            min_price=F("summary__min_price"),
            max_price=F("summary__max_price"),
            variant_count=Coalesce(F("summary__variant_count"), 0),
            single_variant_id=F("summary__single_variant_id"),
            available_total=Coalesce(F("summary__available_total"), 0),
        )

    def sellable(self):
        """Products with at least one active variant: the only ones worth listing."""
        return self.filter(summary__variant_count__gt=0)

    def in_stock(self):
        """Products with at least one active variant that has units available.

        Reserved units never exceed those on hand (a constraint on StockLevel), so
        a positive total means at least one SKU has a unit to sell.
        """
        return self.filter(summary__variant_count__gt=0, summary__available_total__gt=0)

    def priced_between(self, low: Decimal | None = None, high: Decimal | None = None):
        """Products with an active variant priced within [low, high] (either open).

        A subquery on the variants, not the stored price range: a product at 10
        and 50 has nothing priced between 20 and 30. Only filtered listings pay it.
        """
        variants = ProductVariant.objects.filter(
            product_id=OuterRef("pk"), is_active=True
        )
        if low is not None:
            variants = variants.filter(price__gte=low)
        if high is not None:
            variants = variants.filter(price__lte=high)
        return self.filter(Exists(variants))

    def for_body_area(self, slug: str):
        """Products that help with the body area with this slug."""
        return self.filter(
            Exists(
                self.model.body_areas.through.objects.filter(
                    productpage_id=OuterRef("pk"), bodyarea__slug=slug
                )
            )
        )

    def with_ratings(self):
        """Annotate `rating_count` and `rating_average` as the stored summary holds
        them (copied from the registered rating source, the catalogue's extension
        point): a join, not a subquery per row. Unchanged without a source."""
        if not has_rating_source():
            return self
        return self.annotate(
            rating_count=Coalesce(F("summary__rating_count"), 0),
            rating_average=F("summary__rating_average"),
        )

    def ordered_by(self, sort: str):
        """Sort for the listing: featured (default), price up/down, newest."""
        orderings = {
            "price_asc": [F("summary__min_price").asc(), "title", "pk"],
            "price_desc": [F("summary__min_price").desc(), "title", "pk"],
            "newest": [F("first_published_at").desc(nulls_last=True), "-pk"],
        }
        return self.order_by(*orderings.get(sort, ["-featured", "path"]))


class ProductSummaryQuerySet(QuerySet):
    """The listing's filters, order and count, read from the summaries alone.

    A summary's `pk` is its product's id, so filters written against a product
    queryset's `pk` (`Exists(... OuterRef("pk"))`, as listing-filter extensions
    are) narrow this queryset the same way. Only the price-sort tie-break
    (`product__title`) and `newest` reach the page table.
    """

    def listed(self):
        """Live products with at least one active variant (the rows that get a card,
        `shop/catalogue/cards.py`)."""
        return self.filter(LISTED)

    def public(self):
        """Leave out products in view-restricted sections, as `PageQuerySet.public`
        does; adds nothing while the site has no restriction at all."""
        if not any_restriction_exists():
            return self
        from wagtail.models import PageViewRestriction

        restricted = Q()
        for page_path in PageViewRestriction.objects.values_list(
            "page__path", flat=True
        ):
            restricted |= Q(path__startswith=page_path)
        return self.exclude(restricted) if restricted else self

    def below(self, page):
        """Products under this page (its stored tree path is a prefix of theirs)."""
        return self.filter(path__startswith=page.path)

    def in_stock(self):
        """See `ProductPageQuerySet.in_stock`."""
        return self.filter(variant_count__gt=0, available_total__gt=0)

    def priced_between(self, low: Decimal | None = None, high: Decimal | None = None):
        """See `ProductPageQuerySet.priced_between`.

        Written as `pk IN (matching variants' products)`, not a correlated EXISTS:
        the databases read the matching variants once instead of probing them
        for each of thousands of listed rows when counting."""
        variants = ProductVariant.objects.filter(is_active=True)
        if low is not None:
            variants = variants.filter(price__gte=low)
        if high is not None:
            variants = variants.filter(price__lte=high)
        return self.filter(pk__in=variants.values("product_id"))

    def for_body_area(self, slug: str):
        """See `ProductPageQuerySet.for_body_area`; `pk IN`, as `priced_between`."""
        through = self.model._meta.get_field("product").related_model.body_areas.through
        return self.filter(
            pk__in=through.objects.filter(bodyarea__slug=slug).values("productpage_id")
        )

    def ordered_by(self, sort: str):
        """The listing's sorts, as `ProductPageQuerySet.ordered_by` (same keys, same
        tie-breaks), on the stored copies of the page fields."""
        orderings = {
            "price_asc": [F("min_price").asc(), "product__title", "product_id"],
            "price_desc": [F("min_price").desc(), "product__title", "product_id"],
            "newest": [
                F("product__first_published_at").desc(nulls_last=True),
                "-product_id",
            ],
        }
        return self.order_by(*orderings.get(sort, ["-featured", "path"]))
