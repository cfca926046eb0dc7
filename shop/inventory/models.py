"""Stock per variant and the ledger of every change to it.

Only shop/inventory/services.py writes these rows. Check constraints keep on-hand and
reserved non-negative and reserved within on-hand even if someone bypasses the service.
"""

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, F, IntegerField, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.crypto import get_random_string
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from .states import StockState, stock_state_expression


class StockLevelQuerySet(models.QuerySet):
    def with_state(self, default_threshold: int):
        """Annotate `available_units`, `effective_threshold` (own, else the site
        default passed in) and `state_code` (a StockState value)."""
        available = ExpressionWrapper(
            F("on_hand") - F("reserved"), output_field=IntegerField()
        )
        threshold = Coalesce("low_stock_threshold", Value(default_threshold))
        return self.annotate(
            available_units=available, effective_threshold=threshold
        ).annotate(
            state_code=stock_state_expression(
                F("available_units"), F("effective_threshold")
            )
        )

    def in_state(self, state: str):
        """Rows in one StockState (after `with_state`); anything else: all rows."""
        if state in StockState.values:
            return self.filter(state_code=state)
        return self


class StockLevel(models.Model):
    """How many units of one variant are on the shelf and how many are promised.

    `reserved` units belong to checkouts in progress; `available` is what a new shopper
    may still buy.
    """

    variant = models.OneToOneField(
        "catalogue.ProductVariant", on_delete=models.CASCADE, related_name="stock"
    )
    on_hand = models.IntegerField(default=0)
    reserved = models.IntegerField(default=0)
    low_stock_threshold = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Empty: use the site-wide default from Site settings.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StockLevelQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(on_hand__gte=0), name="inventory_on_hand_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__gte=0), name="inventory_reserved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(reserved__lte=F("on_hand")),
                name="inventory_reserved_within_on_hand",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant.sku}: {self.on_hand} on hand, {self.reserved} reserved"

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


def variant_model():
    """catalogue.ProductVariant, reached through the relation rather than imported:
    inventory sits below the catalogue and never imports it."""
    return StockLevel._meta.get_field("variant").related_model


class MovementReason(models.TextChoices):
    RECEIVED = "received", "Received"
    SOLD = "sold", "Sold"
    RESERVED = "reserved", "Reserved"
    RELEASED = "released", "Released"
    RETURNED = "returned", "Returned"
    CORRECTION = "correction", "Correction"
    DAMAGED = "damaged", "Damaged"


class StockMovement(models.Model):
    """One row per change to a StockLevel: the audit trail of every unit.

    Stores both deltas and the figures after the change, so the ledger can be checked
    against the current stock without replaying history.
    """

    stock = models.ForeignKey(
        StockLevel, on_delete=models.PROTECT, related_name="movements"
    )
    reason = models.CharField(max_length=20, choices=MovementReason.choices)
    delta_on_hand = models.IntegerField(default=0)
    delta_reserved = models.IntegerField(default=0)
    on_hand_after = models.IntegerField()
    reserved_after = models.IntegerField()
    reference = models.CharField(
        max_length=100, blank=True, help_text="Order reference, delivery note, ..."
    )
    note = models.CharField(max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["stock", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.stock.variant.sku}"

    @property
    def delta_available(self) -> int:
        return self.delta_on_hand - self.delta_reserved


class LowStockDigest(models.Model):
    """One row per day on which the low-stock summary was e-mailed.

    Makes `manage.py send_low_stock_summary` idempotent per day: cron may run it
    hourly (or twice at once) and managers still get one e-mail a day.
    """

    day = models.DateField(unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)
    skus = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"Low-stock summary {self.day}: {self.skus} SKUs"


def new_purchase_order_reference() -> str:
    """PO-<year>-<random>: short enough to write on a delivery note, never reused."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return f"PO-{timezone.localdate().year}-{get_random_string(5, alphabet)}"


class PurchaseOrder(ClusterableModel):
    """What was ordered from which supplier, and when it should arrive.

    Deliveries are booked against it by `purchasing.receive_purchase_order`, through
    the stock service, with the order's reference on every ledger row; partial
    deliveries add up on its lines. Where it stands follows from its lines.
    """

    reference = models.CharField(max_length=30, unique=True, editable=False)
    supplier = models.CharField(max_length=120)
    supplier_reference = models.CharField(
        max_length=60, blank=True, help_text="The supplier's order or quote number."
    )
    expected_on = models.DateField(
        null=True, blank=True, verbose_name="expected delivery date"
    )
    note = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} ({self.supplier})"

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_purchase_order_reference()
        super().save(*args, **kwargs)


class PurchaseOrderLine(models.Model):
    """One SKU on a purchase order: units ordered and units received so far."""

    purchase_order = ParentalKey(
        PurchaseOrder, on_delete=models.CASCADE, related_name="lines"
    )
    stock = models.ForeignKey(
        StockLevel,
        on_delete=models.PROTECT,
        related_name="purchase_order_lines",
        verbose_name="SKU",
    )
    quantity_ordered = models.PositiveIntegerField(verbose_name="units ordered")
    quantity_received = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["purchase_order", "stock"], name="inventory_po_line_once"
            ),
            models.CheckConstraint(
                condition=Q(quantity_ordered__gt=0),
                name="inventory_po_line_ordered_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity_ordered} × {self.stock_id}"

    @property
    def outstanding(self) -> int:
        return max(self.quantity_ordered - self.quantity_received, 0)
