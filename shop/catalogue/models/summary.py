"""What listings read about a product's variants and picture, stored next to it."""

from django.db import models


class ProductSummary(models.Model):
    """One row per product: its active variants' price range, count and stock, and
    the picture its card shows.

    Derived data, kept exact by `shop.catalogue.summaries.refresh_product_summaries`,
    which the catalogue calls whenever a variant or a gallery picture is saved or
    deleted and whenever the stock service changes units (inside the same
    transaction). Listings join it instead of aggregating every product's variants
    and stock per row and looking up first pictures, so a card costs nothing extra
    however large the catalogue grows.
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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "product summaries"
        # The listing sorts by price and filters by what can be sold or bought.
        indexes = [
            models.Index(fields=["min_price"], name="catalogue_summary_min_price"),
            models.Index(
                fields=["variant_count", "available_total"],
                name="catalogue_summary_stock",
            ),
        ]

    def __str__(self) -> str:
        return f"Summary of product {self.product_id}"
