"""What listings read about a product's variants and picture, stored next to it."""

from django.db import models

from .querysets import LISTED, ProductSummaryQuerySet


class ProductSummary(models.Model):
    """One row per product: its active variants' price range, count and stock, the
    picture its card shows, its published rating, and the page fields the listing
    filters and sorts by (`live`, `featured`, tree `path`).

    Derived data, kept exact by `shop.catalogue.summaries.refresh_product_summaries`,
    which the catalogue calls whenever a variant or a gallery picture is saved or
    deleted and whenever the stock service changes units (inside the same
    transaction). Listings join it instead of aggregating every product's variants
    and stock per row and looking up first pictures, so a card costs nothing extra
    however large the catalogue grows.

    The copied page fields are kept exact by `summaries.sync_listing_keys`, which
    runs whenever a product page is saved (publish, unpublish, an edit of
    `featured`) and for every product under both parents of a page move (the tree
    shifts siblings' paths too); the refresh service copies them as well. With
    them, the listing's filters, order and count read this table and its indexes
    alone, so they cost about the same for ten products or ten thousand.
    """

    product = models.OneToOneField(
        "catalogue.ProductPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
    )
    min_price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    max_price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True
    )
    variant_count = models.PositiveIntegerField(
        default=0, help_text="Active variants only."
    )
    # A plain id, not a foreign key: the summary is rebuilt from the variants, never
    # the other way round, and a deleted variant must not cascade here.
    single_variant_id = models.PositiveIntegerField(
        null=True, blank=True, help_text="The lowest active variant id."
    )
    available_total = models.IntegerField(
        default=0, help_text="Units of active variants a new shopper may still buy."
    )
    card_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The first picture of the published gallery.",
    )
    # The published rating cards show, copied from the registered rating source by
    # `summaries.refresh_product_ratings` (the reviews app calls it whenever a
    # review is saved or deleted), so a card reads it without a subquery.
    rating_count = models.PositiveIntegerField(
        default=0, help_text="Published ratings."
    )
    rating_average = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Their average; empty without any.",
    )
    # Copies of page fields (see the class docstring): what the listing filters and
    # sorts by, so it never has to join and read every product's page row.
    live = models.BooleanField(default=False, help_text="The page's `live`.")
    featured = models.BooleanField(default=False, help_text="The page's `featured`.")
    path = models.CharField(
        max_length=255,
        default="",
        help_text="The page's tree path: tree order, and what is under which page.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductSummaryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "product summaries"
        # The listing sorts by price and filters by what can be sold or bought.
        # The two partial indexes hold only listed rows (live, with a variant: the
        # condition `ProductSummaryQuerySet.listed()` writes, `LISTED`, so both
        # databases see that a listing query implies it) in the listing's orders:
        # featured first then tree order, and price. With `path` and
        # `available_total` in them, the count, the filters by category and stock
        # and the walk to a deep page never leave the index (SQLite checks the
        # condition's columns again, so they are in the index as well). An index
        # led by `live` would not do: Django writes `WHERE live`, not `live = 1`,
        # and SQLite seeks only on the latter.
        indexes = [
            models.Index(fields=["min_price"], name="catalogue_summary_min_price"),
            models.Index(
                fields=[
                    "-featured",
                    "path",
                    "available_total",
                    "live",
                    "variant_count",
                ],
                condition=LISTED,
                name="catalogue_summary_listing",
            ),
            models.Index(
                fields=[
                    "min_price",
                    "path",
                    "available_total",
                    "live",
                    "variant_count",
                ],
                condition=LISTED,
                name="catalogue_summary_price",
            ),
            models.Index(
                fields=["variant_count", "available_total"],
                name="catalogue_summary_stock",
            ),
        ]

    def __str__(self) -> str:
        return f"Summary of product {self.product_id}"
