"""Discount codes and their uses.

A `DiscountCode` is what a shop manager offers: a percentage or a fixed amount off,
with optional rules (minimum order, validity window, total usage limit, once per
e-mail address, only some categories or products) and an on/off switch. A
`DiscountUse` is one order that took the code: it is written when the order is
placed (under the code's row lock, see services.py), confirmed when the order is
paid and released when the order lapses unpaid. `times_used` counts the uses that
are not released; it is the figure the usage limit is checked against.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum

from shop.catalogue.templatetags.catalogue_tags import format_money

# Checked before `clean()` puts it in capitals, so either case passes here.
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9-]{1,29}$"
CODE_MAX_LENGTH = 30


def normalise_code(raw: str) -> str:
    """What a shopper typed, as codes are stored: trimmed, upper case."""
    return (raw or "").strip().upper()


class DiscountKind(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage off"
    FIXED = "fixed", "Fixed amount off"


class DiscountCodeQuerySet(models.QuerySet):
    def with_figures(self):
        """Each code with the discount its paid uses gave (`discount_given`)."""
        return self.annotate(
            discount_given=Sum("uses__amount", filter=Q(uses__state=UseState.USED))
        )


class DiscountCode(models.Model):
    """A code shoppers type in the cart, and the rules for when it applies."""

    code = models.CharField(
        max_length=CODE_MAX_LENGTH,
        unique=True,
        validators=[
            RegexValidator(
                CODE_PATTERN,
                "Use 2 to 30 letters, digits or hyphens, starting with a letter or "
                "digit.",
            )
        ],
        help_text="What shoppers type, e.g. CALM10 (stored in capitals; shoppers may "
        "type it in any case).",
    )
    description = models.CharField(
        max_length=200,
        blank=True,
        help_text="For staff: what the code is for (a newsletter, a partner, …).",
    )
    kind = models.CharField(
        max_length=12, choices=DiscountKind.choices, default=DiscountKind.PERCENTAGE
    )
    value = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Percent off (1–100), or the amount off in the shop currency.",
    )
    minimum_order = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="Optional: the items in the cart must come to at least this.",
    )
    starts_at = models.DateTimeField(
        null=True, blank=True, help_text="Optional: valid from."
    )
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="Optional: valid until."
    )
    usage_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Optional: how many orders may use it in total.",
    )
    once_per_email = models.BooleanField(
        "once per e-mail address",
        default=False,
        help_text="Each e-mail address may use it for one order only.",
    )
    categories = models.ManyToManyField(
        "catalogue.ProductCategoryPage",
        blank=True,
        related_name="+",
        help_text="Optional: only products in these categories are discounted.",
    )
    products = models.ManyToManyField(
        "catalogue.ProductPage",
        blank=True,
        related_name="+",
        help_text="Optional: only these products are discounted (together with the "
        "categories above). Leave both empty for the whole shop.",
    )
    is_active = models.BooleanField(
        "active", default=True, help_text="Switch off to stop it at once."
    )
    times_used = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Orders holding or having used the code (released ones excluded).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DiscountCodeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "discount code"
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gt=0) & (~Q(kind="percentage") | Q(value__lte=100)),
                name="discounts_value_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs) -> None:
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        self.code = normalise_code(self.code)
        errors = {}
        if (
            self.kind == DiscountKind.PERCENTAGE
            and self.value is not None
            and self.value > 100
        ):
            errors["value"] = "A percentage can be at most 100."
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "The end must come after the start."
        if errors:
            raise ValidationError(errors)

    @property
    def summary(self) -> str:
        """ "10 % off" or "€5.00 off", for the admin and the cart."""
        if self.kind == DiscountKind.PERCENTAGE:
            return f"{self.value.normalize():f} % off"
        return f"{format_money(self.value)} off"


class UseState(models.TextChoices):
    HELD = "held", "Held by an unpaid order"
    USED = "used", "Used (paid)"
    RELEASED = "released", "Released (the order lapsed unpaid)"


class DiscountUse(models.Model):
    """One order's use of a code: the audit row behind `times_used`.

    The order is named by its reference only (orders sit above this app).
    """

    code = models.ForeignKey(
        DiscountCode, on_delete=models.PROTECT, related_name="uses"
    )
    order_reference = models.CharField(max_length=20, unique=True)
    email = models.EmailField(db_index=True, help_text="Stored in lower case.")
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="The discount the order got."
    )
    currency = models.CharField(max_length=3)
    state = models.CharField(
        max_length=10, choices=UseState.choices, default=UseState.HELD
    )
    note = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="discounts_use_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} on {self.order_reference} ({self.state})"
