"""The shopper's cart: kept in the database, found through the visitor's session.

A guest needs no account: the session (a signed cookie pointing at a server-side
session, kept for SESSION_COOKIE_AGE = 30 days) holds the cart's id. Lines store what
the shopper chose and what it cost then, never what it costs now: prices and stock
are always read fresh from the catalogue, and the remembered price only lets the cart
say "this price changed since you added it".
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class Cart(models.Model):
    """One visitor's basket, found by the id stored in their session."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    discount_code = models.ForeignKey(
        "discounts.DiscountCode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The code the shopper entered; judged afresh whenever the cart "
        "is shown or checked out.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    def __str__(self) -> str:
        return f"Cart {self.pk}"


class CartLine(models.Model):
    """A variant in a cart, with the quantity and the price shown when it was added.

    `source_page` is the last content page (a guide, a relief method) the shopper read
    before adding the product, and `first_guide` the guide their visit started from;
    product pages are never either. Both travel to the order line so editors can see
    which guides lead to sales (`shop.attribution.metrics`).
    """

    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    # SET_NULL, not CASCADE: a deleted variant leaves a line behind so the cart can
    # tell the shopper it was removed instead of silently shrinking.
    variant = models.ForeignKey(
        "catalogue.ProductVariant",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name_when_added = models.CharField(max_length=255)
    quantity = models.PositiveIntegerField()
    price_when_added = models.DecimalField(max_digits=10, decimal_places=2)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    first_guide = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The guide that started the shopper's journey (credited with the "
        "sale); source_page is the last content page before the add-to-cart.",
    )
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["cart", "variant"], name="cart_one_line_per_variant"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="cart_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × variant {self.variant_id}"
