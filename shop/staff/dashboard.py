"""Admin-home panels for shop staff: what to do next, with links to the lists behind
each number.

Each panel computes a small dict of figures with a fixed number of aggregate
queries (they never grow with the number of orders) and keeps it in Django's cache
for a minute: the dashboard is opened often, the figures may be a minute old. The
cache key carries the local date and what the figures depend on, so a new day or
a different threshold never serves yesterday's numbers.

Registered for the roles that may see them in `wagtail_hooks.py`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component

from shop.inventory.models import PurchaseOrder
from shop.inventory.reports import default_threshold, low_stock, state_of
from shop.inventory.states import StockState
from shop.orders.models import Order, OrderStatus, Refund, RefundStatus
from shop.reviews.models import Review

CACHE_SECONDS = 60
PANEL_ROWS = 8
ZERO = Decimal("0.00")
S = OrderStatus


def cached(key: str, compute):
    """`compute()` at most once a minute per key (and per local day)."""
    full_key = f"staff-dashboard:{key}:{timezone.localdate().isoformat()}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


def orders_url(**filters) -> str:
    query = urlencode(filters, doseq=True)
    return f"{reverse('shop_orders:index')}?{query}" if query else ""


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _change(now: Decimal, before: Decimal) -> int | None:
    """Percent change against the earlier period; None when there was nothing."""
    if not before:
        return None
    return round((now - before) / before * 100)


def sales_figures() -> dict:
    """Paid sales today and over the last 7 days against the 7 before, orders
    waiting to be packed and shipped, refunds over the last 7 days: four queries."""
    today = timezone.localdate()
    today_start = _day_start(today)
    week_start = _day_start(today - datetime.timedelta(days=6))
    before_start = _day_start(today - datetime.timedelta(days=13))
    today_q = Q(paid_at__gte=today_start)
    week_q = Q(paid_at__gte=week_start)
    before_q = Q(paid_at__lt=week_start)
    sales = Order.objects.filter(paid_at__gte=before_start).aggregate(
        today_revenue=Sum("total", filter=today_q),
        today_orders=Count("pk", filter=today_q),
        week_revenue=Sum("total", filter=week_q),
        week_orders=Count("pk", filter=week_q),
        before_revenue=Sum("total", filter=before_q),
        before_orders=Count("pk", filter=before_q),
    )
    waiting = dict(
        Order.objects.filter(status__in=[S.PAID, S.PACKED])
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    refunds = (
        Refund.objects.exclude(status__in=[RefundStatus.FAILED, RefundStatus.CANCELED])
        .filter(created_at__gte=week_start)
        .aggregate(total=Sum("amount"), count=Count("pk"))
    )
    week = _money(sales["week_revenue"])
    before = _money(sales["before_revenue"])
    report = reverse("report_sales:index")
    week_from = (today - datetime.timedelta(days=6)).isoformat()
    before_from = (today - datetime.timedelta(days=13)).isoformat()
    before_to = (today - datetime.timedelta(days=7)).isoformat()
    return {
        "today_revenue": _money(sales["today_revenue"]),
        "today_orders": sales["today_orders"],
        "today_url": f"{report}?"
        + urlencode({"paid_at_from": today.isoformat(), "paid_at_to": today}),
        "week_revenue": week,
        "week_orders": sales["week_orders"],
        "week_url": f"{report}?"
        + urlencode({"paid_at_from": week_from, "paid_at_to": today}),
        "before_revenue": before,
        "before_orders": sales["before_orders"],
        "before_url": f"{report}?"
        + urlencode({"paid_at_from": before_from, "paid_at_to": before_to}),
        "change": _change(week, before),
        "to_pack": waiting.get(S.PAID, 0),
        "to_pack_url": orders_url(status=S.PAID),
        "to_ship": waiting.get(S.PACKED, 0),
        "to_ship_url": orders_url(status=S.PACKED),
        "refunds_total": _money(refunds["total"]),
        "refunds_count": refunds["count"],
        "refunds_url": orders_url(status=[S.REFUNDED, S.PARTIALLY_REFUNDED]),
    }


def orders_to_fulfil() -> dict:
    """The oldest paid orders to pack and packed orders to ship: two lists of
    PANEL_ROWS and their counts, in four queries."""

    def oldest(status: str) -> dict:
        orders = Order.objects.filter(status=status)
        rows = (
            orders.annotate(units=Sum("lines__quantity"))
            .order_by("paid_at", "pk")
            .values("pk", "reference", "full_name", "paid_at", "units")[:PANEL_ROWS]
        )
        return {
            "rows": [
                {**row, "url": reverse("shop_orders:inspect", args=[row["pk"]])}
                for row in rows
            ],
            "count": orders.count(),
            "url": orders_url(status=status, ordering="created_at"),
        }

    return {"to_pack": oldest(S.PAID), "to_ship": oldest(S.PACKED)}


def low_stock_figures(threshold: int) -> dict:
    rows = low_stock(threshold)
    levels = []
    for level in rows[:PANEL_ROWS]:
        levels.append(
            {
                "pk": level.pk,
                "sku": level.variant.sku,
                "name": f"{level.variant.product.title} — {level.variant.name}",
                "available": level.available_units,
                "threshold": level.effective_threshold,
                "state": state_of(level),
            }
        )
    listing_url = reverse("stock:index")
    return {
        "levels": levels,
        "total": rows.count(),
        "low_url": f"{listing_url}?state={StockState.LOW}",
        "out_url": f"{listing_url}?state={StockState.OUT}",
    }


def deliveries_expected() -> dict:
    """Purchase orders with units outstanding, soonest expected first: 2 queries."""
    waiting = PurchaseOrder.objects.filter(
        lines__quantity_received__lt=F("lines__quantity_ordered")
    ).distinct()
    rows = waiting.order_by(F("expected_on").asc(nulls_last=True), "pk").values(
        "pk", "reference", "supplier", "expected_on"
    )[:PANEL_ROWS]
    today = timezone.localdate()
    return {
        "rows": [
            {
                **row,
                "late": bool(row["expected_on"] and row["expected_on"] < today),
                "url": reverse("purchase_orders:receive", args=[row["pk"]]),
            }
            for row in rows
        ],
        "count": waiting.count(),
        "url": reverse("purchase_orders:index"),
    }


def reviews_to_moderate() -> dict:
    """Reviews waiting for moderation, oldest first, and how many: 2 queries."""
    pending = Review.objects.pending()
    rows = pending.order_by("created_at", "pk").values(
        "pk", "title", "rating", "product__title", "created_at"
    )[:PANEL_ROWS]
    return {
        "rows": [
            {**row, "url": reverse("shop_reviews:moderate", args=[row["pk"]])}
            for row in rows
        ],
        "count": pending.count(),
        # The listing puts waiting reviews first (see shop/reviews/viewsets.py).
        "url": reverse("shop_reviews:index"),
    }


class ReviewsPanel(Component):
    """Whoever moderates reviews: how many wait, the oldest first."""

    name = "shop_reviews"
    template_name = "shop/staff/dashboard/reviews_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        return cached("reviews", reviews_to_moderate)


class DeliveriesPanel(Component):
    """Stock roles: what suppliers still owe, so the dock knows what is coming."""

    name = "shop_deliveries"
    template_name = "shop/staff/dashboard/deliveries_panel.html"
    order = 55

    def get_context_data(self, parent_context):
        return cached("deliveries", deliveries_expected)


class SalesPanel(Component):
    """Managers: sales today and this week against last, work waiting, refunds."""

    name = "shop_sales"
    template_name = "shop/staff/dashboard/sales_panel.html"
    order = 40

    def get_context_data(self, parent_context):
        return {"figures": cached("sales", sales_figures)}


class OrdersToFulfilPanel(Component):
    """Whoever packs and ships: the oldest orders waiting, with links."""

    name = "shop_fulfil"
    template_name = "shop/staff/dashboard/fulfil_panel.html"
    order = 45

    def get_context_data(self, parent_context):
        figures = cached("fulfil", orders_to_fulfil)
        return {
            "lists": [
                (
                    figures["to_pack"],
                    "To pack",
                    "Nothing paid waits to be packed.",
                ),
                (figures["to_ship"], "To ship", "Nothing packed is waiting to ship."),
            ]
        }


class LowStockPanel(Component):
    """SKUs at or below their low-stock threshold, emptiest first."""

    name = "low_stock"
    template_name = "shop/staff/low_stock_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        threshold = default_threshold(parent_context["request"])
        return cached(f"low-stock:{threshold}", lambda: low_stock_figures(threshold))
