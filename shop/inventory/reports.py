"""Read-side queries for staff: stock with its state, low stock, valuation.

The admin listing, the dashboard panel, the daily e-mail and the valuation report all
ask the same question ("how much is there, and is that low?"), so they share these
QuerySet builders; templates and views only present what comes back.
"""

from decimal import Decimal

from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from shop.catalogue.models import low_stock_threshold_for

from .models import StockLevel
from .selectors import stock_state

STATE_OUT = "out"
STATE_LOW = "low"
STATE_IN_STOCK = "in_stock"
STATE_CHOICES = [
    (STATE_IN_STOCK, "In stock"),
    (STATE_LOW, "Low"),
    (STATE_OUT, "Out of stock"),
]


def default_threshold(request=None) -> int:
    """The site-wide low-stock threshold (Site settings), for a request or the
    default site."""
    return low_stock_threshold_for(request)


def stock_with_state(threshold: int) -> QuerySet:
    """Every stock row with its variant and product, `available_units`, the
    `effective_threshold` (own or site default) and `state_code` annotated."""
    available = ExpressionWrapper(
        F("on_hand") - F("reserved"), output_field=IntegerField()
    )
    effective = Coalesce("low_stock_threshold", Value(threshold))
    return (
        StockLevel.objects.select_related("variant__product")
        .annotate(available_units=available, effective_threshold=effective)
        .annotate(
            state_code=Case(
                When(available_units__lte=0, then=Value(STATE_OUT)),
                When(
                    available_units__lte=F("effective_threshold"),
                    then=Value(STATE_LOW),
                ),
                default=Value(STATE_IN_STOCK),
            )
        )
    )


def filter_state(queryset: QuerySet, state: str) -> QuerySet:
    if state == STATE_OUT:
        return queryset.filter(available_units__lte=0)
    if state == STATE_LOW:
        return queryset.filter(
            available_units__gt=0, available_units__lte=F("effective_threshold")
        )
    if state == STATE_IN_STOCK:
        return queryset.filter(available_units__gt=F("effective_threshold"))
    return queryset


def low_stock(threshold: int) -> QuerySet:
    """Active SKUs at or below their threshold (out of stock included), emptiest
    first: what the dashboard panel and the daily e-mail list."""
    return (
        stock_with_state(threshold)
        .filter(variant__is_active=True)
        .filter(available_units__lte=F("effective_threshold"))
        .order_by("available_units", "variant__sku")
    )


def state_of(level) -> object:
    """The shopper-facing StockState for an annotated row (badge label and class)."""
    return stock_state(level.available_units, level.effective_threshold)


def _value_expression():
    return ExpressionWrapper(
        F("on_hand") * Coalesce("variant__cost_price", Value(Decimal("0"))),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


def stock_valuation() -> QuerySet:
    """Stock rows with `unit_cost` and `value` (on hand × cost price) annotated.

    Variants without a cost price are valued at nothing and flagged by a null
    `unit_cost`, so the report can say which ones are missing.
    """
    return (
        StockLevel.objects.select_related("variant__product")
        .annotate(unit_cost=F("variant__cost_price"), value=_value_expression())
        .order_by("-value", "variant__sku")
    )


def valuation_totals(queryset: QuerySet) -> dict:
    totals = StockLevel.objects.filter(pk__in=queryset.values("pk")).aggregate(
        units=Coalesce(Sum("on_hand"), 0),
        value=Coalesce(Sum(_value_expression()), Value(Decimal("0"))),
    )
    totals["value"] = Decimal(totals["value"]).quantize(Decimal("0.01"))
    totals["missing_cost"] = queryset.filter(
        Q(variant__cost_price__isnull=True) & Q(on_hand__gt=0)
    ).count()
    return totals
