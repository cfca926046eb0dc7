"""Reads for product listings and cards; templates only present what these return."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce

from home.view_restrictions import PublicPageQuerySet
from shop.catalogue.extensions import with_ratings

from .variants import ProductVariant

SUMMARY_FIELDS = (
    "min_price",
    "max_price",
    "variant_count",
    "single_variant_id",
    "available_total",
)
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

    def with_card_images(self, *, renditions: bool = True):
        """Join each product's card picture (stored in its summary) and prefetch
        its renditions: one query more whatever the number of products."""
        products = self.select_related("summary__card_image")
        if renditions:
            products = products.prefetch_related("summary__card_image__renditions")
        return products

    def with_ratings(self):
        """Annotate `rating_count` and `rating_average` from the registered rating
        source (the catalogue's extension point); unchanged without one."""
        return with_ratings(self)

    def for_cards(self, *, renditions: bool = True):
        """Live, sellable products annotated and prefetched for product cards.

        `renditions=False` leaves the card pictures' renditions to the caller, for a
        page that loads the renditions of all its pictures in one query.
        """
        return (
            self.live()
            .public()
            .sellable()
            .with_variant_summary()
            .with_ratings()
            .with_card_images(renditions=renditions)
        )

    def ordered_by(self, sort: str):
        """Sort for the listing: featured (default), price up/down, newest."""
        orderings = {
            "price_asc": [F("summary__min_price").asc(), "title", "pk"],
            "price_desc": [F("summary__min_price").desc(), "title", "pk"],
            "newest": [F("first_published_at").desc(nulls_last=True), "-pk"],
        }
        return self.order_by(*orderings.get(sort, ["-featured", "path"]))
