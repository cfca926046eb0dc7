"""Orders and everything that happens to them: lines, status history, payments, refunds.

An order is the shop's record of a purchase, written before the shopper pays and kept
whatever happens next (paid, failed, expired, refunded). It copies everything it
needs from the catalogue at checkout time, so later price changes, renamed products
or deleted variants never rewrite history. Status only changes through
`shop.orders.status.transition`, which checks a fixed table of legal moves and
writes an `OrderStatusChange` row for each one.
"""

import secrets
from decimal import Decimal
from typing import Any, Literal, overload

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum

from shop.cart.shipping import country_name

# No 0/O, 1/I/L: references are read out over the phone and typed from emails.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 10


def new_reference() -> str:
    """An unguessable public order reference such as `UK-7H3KQ-9MXA2` (~50 bits)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"UK-{chars[:5]}-{chars[5:]}"


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", "Pending payment"
    AWAITING_PAYMENT = "awaiting_payment", "Awaiting payment"
    PAID = "paid", "Paid"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    EXPIRED = "expired", "Expired"
    NEEDS_ATTENTION = "needs_attention", "Needs attention"
    PACKED = "packed", "Packed"
    SHIPPED = "shipped", "Shipped"
    DELIVERED = "delivered", "Delivered"
    CANCELLED = "cancelled", "Cancelled"
    REFUNDED = "refunded", "Refunded"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"


class StockState(models.TextChoices):
    """What the order currently holds in the stock service.

    Fulfilment reads this (under a row lock) to know whether a payment can commit the
    reservation, must re-reserve, or cannot be honoured.
    """

    NONE = "none", "Nothing held"
    RESERVED = "reserved", "Reserved"
    RELEASED = "released", "Released"
    SOLD = "sold", "Sold"


class OrderQuerySet(models.QuerySet):
    @overload
    def locked(
        self, *, missing_ok: Literal[False] = False, **lookup: Any
    ) -> "Order": ...

    @overload
    def locked(self, *, missing_ok: Literal[True], **lookup: Any) -> "Order | None": ...

    def locked(self, *, missing_ok: bool = False, **lookup: Any) -> "Order | None":
        """The order matching `lookup` with its row locked until the transaction ends.

        Every lifecycle service takes this lock before looking at an order, so the
        same fact arriving twice or from two places at once is applied one at a time.
        Raises Order.DoesNotExist, or with `missing_ok` returns None (payment events
        may name orders we never had).
        """
        rows = self.select_for_update().filter(**lookup)
        return rows.first() if missing_ok else rows.get()

    def awaiting_stock_release(self, now):
        """Unpaid orders still holding stock after their reservation ran out."""
        return self.filter(
            stock_state=StockState.RESERVED,
            status__in=[OrderStatus.PENDING_PAYMENT, OrderStatus.AWAITING_PAYMENT],
            reservation_expires_at__lt=now,
        )


class Order(models.Model):
    """A purchase: who, where to, what (as lines), for how much, and where it stands."""

    reference = models.CharField(
        max_length=20, unique=True, default=new_reference, editable=False
    )
    status = models.CharField(
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING_PAYMENT,
        db_index=True,
    )
    stock_state = models.CharField(
        max_length=10, choices=StockState.choices, default=StockState.NONE
    )

    email = models.EmailField()
    full_name = models.CharField(max_length=120)
    phone = models.CharField(max_length=40, blank=True)
    address_line1 = models.CharField("address", max_length=200)
    address_line2 = models.CharField("address (line 2)", max_length=200, blank=True)
    postcode = models.CharField(max_length=20)
    city = models.CharField(max_length=100)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")

    shipping_method = models.CharField(max_length=20)
    shipping_method_name = models.CharField(max_length=80)
    currency = models.CharField(max_length=3, default="EUR")
    subtotal = models.DecimalField(max_digits=10, decimal_places=2)
    discount_code = models.CharField(
        max_length=30, blank=True, help_text="The discount code the order used."
    )
    discount_total = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="What the code took off the items (the lines' discounts added up).",
    )
    shipping_total = models.DecimalField(max_digits=10, decimal_places=2)
    # subtotal − discount_total + shipping_total: what the shopper is charged.
    total = models.DecimalField(max_digits=10, decimal_places=2)

    reservation_expires_at = models.DateTimeField(null=True, blank=True)
    refund_due = models.BooleanField(
        default=False,
        help_text="Paid but impossible to fulfil: an automatic full refund is owed.",
    )
    terms_version = models.CharField(
        max_length=40,
        blank=True,
        help_text="The version of the terms and conditions the shopper accepted.",
    )
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    checkout_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Hash of the cart and form that produced this order, so a double "
        "submit reuses it instead of creating a second order and payment.",
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)

    cart = models.ForeignKey(
        "cart.Cart",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
        help_text="Emptied once the order is paid.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(subtotal__gte=0) & Q(shipping_total__gte=0),
                name="orders_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(discount_total__gte=0)
                & Q(discount_total__lte=models.F("subtotal")),
                name="orders_discount_within_subtotal",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def country_name(self) -> str:
        return country_name(self.country)

    @property
    def stock_lines(self) -> dict[int, int]:
        """`{variant_id: quantity}` for the stock service (lines still linked)."""
        totals: dict[int, int] = {}
        for line in self.lines.all():
            if line.variant_id is not None:
                totals[line.variant_id] = totals.get(line.variant_id, 0) + line.quantity
        return totals

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines.all())

    def amount_refunded(self) -> Decimal:
        refunded = self.refunds.exclude(
            status__in=[RefundStatus.FAILED, RefundStatus.CANCELED]
        ).aggregate(total=Sum("amount"))["total"]
        # Quantized: SQLite sums decimals as floats.
        return (refunded or Decimal("0")).quantize(Decimal("0.01"))


# What a line was paid, in queries: its total less its share of a discount code.
PAID_LINE_TOTAL = models.F("line_total") - models.F("discount")


class OrderLine(models.Model):
    """One product line of an order, copied from the catalogue at checkout time.

    `variant` may later vanish (SET_NULL); the SKU, names and price stay as sold.
    `source_page` carries the cart line's attribution (which page led to the sale).
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "catalogue.ProductVariant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="order_lines",
    )
    sku = models.CharField("SKU", max_length=40)
    product_name = models.CharField(max_length=255)
    variant_name = models.CharField(max_length=80)
    unit_price = models.DecimalField(max_digits=10, decimal_places=2)
    quantity = models.PositiveIntegerField()
    line_total = models.DecimalField(max_digits=10, decimal_places=2)
    discount = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        default=Decimal("0.00"),
        help_text="This line's share of the order's discount code.",
    )
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The last content page the shopper read before adding this product.",
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

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1), name="orders_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(discount__lte=models.F("line_total")),
                name="orders_line_discount_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.sku}"

    @property
    def display_name(self) -> str:
        return f"{self.product_name} ({self.variant_name})"

    @property
    def paid_total(self) -> Decimal:
        """What the shopper paid for this line: its total less its discount."""
        return self.line_total - self.discount


class OrderStatusChange(models.Model):
    """The history of an order: every status change, who made it and why."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="status_changes"
    )
    # Empty on the first row, written when checkout creates the order.
    from_status = models.CharField(
        max_length=20, choices=OrderStatus.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the system (checkout, webhook, scheduled job) acted.",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order}: {self.from_status} → {self.to_status}"


class PaymentProvider(models.TextChoices):
    STRIPE = "stripe", "Stripe"
    TEST = "test", "Local test provider"


class PaymentStatus(models.TextChoices):
    CREATED = "created", "Created"
    OPEN = "open", "Waiting for the shopper"
    PROCESSING = "processing", "Processing (delayed payment method)"
    PAID = "paid", "Paid"
    FAILED = "failed", "Failed"
    EXPIRED = "expired", "Expired"
    REFUNDED = "refunded", "Refunded"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"


class Payment(models.Model):
    """One attempt to collect an order's money: a Stripe Checkout Session."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(
        max_length=10, choices=PaymentProvider.choices, default=PaymentProvider.STRIPE
    )
    stripe_session_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.order} {self.amount} {self.currency} ({self.status})"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    CANCELED = "canceled", "Canceled"
    REQUIRES_ACTION = "requires_action", "Requires action"


class Refund(models.Model):
    """Money given back for an order, through Stripe or recorded from Stripe.

    `restocked_lines` lists what went back on the shelf with it, as
    `[{"variant_id": 1, "sku": "...", "quantity": 2}]` (empty when nothing did).
    """

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(
        Payment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
    )
    amount = models.DecimalField(max_digits=10, decimal_places=2)
    currency = models.CharField(max_length=3)
    stripe_refund_id = models.CharField(
        max_length=255, unique=True, null=True, blank=True
    )
    reason = models.CharField(max_length=255, blank=True)
    status = models.CharField(
        max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    restocked_lines = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="orders_refund_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"Refund {self.amount} {self.currency} on {self.order}"


class ProcessedWebhookEvent(models.Model):
    """Every Stripe event id handled once: a repeated delivery is acknowledged only."""

    event_id = models.CharField(max_length=255, unique=True)
    event_type = models.CharField(max_length=100)
    order_reference = models.CharField(max_length=20, blank=True)
    livemode = models.BooleanField(default=False)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id}"
