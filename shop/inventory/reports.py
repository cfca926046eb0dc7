"""Read-side queries for staff: stock with its state, low stock, valuation.

The admin listing, the dashboard panel, the daily e-mail and the valuation report all
ask the same question ("how much is there, and is that low?"), so they share these
QuerySet builders; templates and views only present what comes back.
"""

from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from .models import StockLevel
from .states import StockBadge, StockState, site_low_stock_threshold, stock_state


def default_threshold(request=None) -> int:
    """The site-wide low-stock threshold (Site settings), for a request or the
    default site."""
    return site_low_stock_threshold(request)


def stock_with_state(threshold: int) -> QuerySet:
    """Every stock row with its variant and product, `available_units`, the
    `effective_threshold` (own or site default) and `state_code` annotated."""
    return StockLevel.objects.select_related("variant__product").with_state(threshold)


def filter_state(queryset: QuerySet, state: str) -> QuerySet:
    """Rows of `stock_with_state()` in one StockState; an unknown state: all."""
    return queryset.in_state(state)


def low_stock(threshold: int) -> QuerySet:
    """Active SKUs at or below their threshold (out of stock included), emptiest
    first: what the dashboard panel and the daily e-mail list."""
    return (
        stock_with_state(threshold)
        .filter(variant__is_active=True)
        .filter(state_code__in=(StockState.LOW, StockState.OUT))
        .order_by("available_units", "variant__sku")
    )


def state_of(level) -> StockBadge:
    """The badge (label and class) for a row annotated by `stock_with_state()`."""
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
