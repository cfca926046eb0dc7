"""What is actually sold: product variants (SKU, price) and their queries."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from shop.inventory.states import StockBadge, stock_state
from shop.inventory.states import site_low_stock_threshold as low_stock_threshold_for


class ProductVariantQuerySet(models.QuerySet):
    """Reads of variants: active ones, and the ones a cart may accept."""

    def active(self):
        return self.filter(is_active=True)

    def purchasable(self):
        """Active variants whose product page is live: the only ones a cart accepts."""
        return self.filter(is_active=True, product__live=True)


class ProductVariant(models.Model):
    """What is actually sold: one size/firmness/colour of a product, with its SKU.

    Deliberately not part of the page (not in revisions): prices and stock must never
    change because an editor reverted a page. Order lines copy the SKU, name and price.
    """

    product = models.ForeignKey(
        "catalogue.ProductPage", on_delete=models.CASCADE, related_name="variants"
    )
    sku = models.CharField("SKU", max_length=40, unique=True)
    name = models.CharField(
        max_length=80, help_text="What tells this variant apart, e.g. 'Large, firm'."
    )
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    compare_at_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Optional earlier price, shown struck through.",
    )
    cost_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What one unit costs us; used for stock valuation.",
    )
    weight_grams = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductVariantQuerySet.as_manager()

    class Meta:
        ordering = ["product_id", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0), name="catalogue_variant_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gt=0),
                name="catalogue_variant_compare_at_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.title} – {self.name} ({self.sku})"

    def clean(self):
        super().clean()
        if (
            self.compare_at_price is not None
            and self.price is not None
            and self.compare_at_price <= self.price
        ):
            raise ValidationError(
                {"compare_at_price": "The earlier price must be higher than the price."}
            )

    @property
    def display_name(self) -> str:
        return f"{self.product.title} ({self.name})"

    @property
    def sku_terms(self) -> str:
        """The SKU split at its hyphens, for the search index.

        Search engines tokenise "ROL-39-1" in odd ways (PostgreSQL reads "-1" as a
        negative number); the split form lets every part of a SKU match.
        """
        return self.sku.replace("-", " ")

    @property
    def available(self) -> int:
        """Units a new shopper may still buy (select_related("stock") saves a query)."""
        try:
            return max(self.stock.available, 0)
        except ObjectDoesNotExist:
            return 0

    def low_stock_threshold(self, default: int) -> int:
        """This SKU's own threshold if stock staff set one, else the site default."""
        try:
            own = self.stock.low_stock_threshold
        except ObjectDoesNotExist:
            own = None
        return default if own is None else own

    def stock_state(self, default_threshold: int | None = None) -> StockBadge:
        """In stock / only N left / out of stock, as the shopper is told.

        `default_threshold` is the site setting; pass it when you have a request
        (`low_stock_threshold_for(request)`), otherwise the default site's is used.
        """
        if default_threshold is None:
            default_threshold = low_stock_threshold_for(None)
        if not self.is_active:
            return stock_state(0, 0)
        return stock_state(self.available, self.low_stock_threshold(default_threshold))
