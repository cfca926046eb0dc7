"""Sales by day, with an inline SVG bar chart of revenue and refunds."""

import datetime
import math
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from shop.orders.models import OrderLine, Refund, RefundStatus

from .base import ZERO, ShopReportView, money, paid_orders


def nice_scale(peak: float, steps: int = 4) -> list[float]:
    """Axis values from 0 to a round number at or above `peak` (1, 2, 2.5 or 5 ×
    10ⁿ per step), so gridlines read as 0, 50, 100, 150, 200."""
    if peak <= 0:
        return [float(i) for i in range(steps + 1)]
    raw = peak / steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [round(step * i, 2) for i in range(steps + 1)]


def bar_chart(rows, *, value_key, label_key, refund_key=None, height=160, width=760):
    """Bars for an inline SVG, one per row, on a value axis with round gridlines."""
    values = [float(row[value_key]) for row in rows]
    if refund_key:
        values += [float(row[refund_key]) for row in rows]
    scale = nice_scale(max(values, default=0.0))
    top = scale[-1]
    slot = width / max(len(rows), 1)
    bar = max(slot * 0.7, 1)

    def y_of(value: float) -> float:
        return round(height - value / top * (height - 10), 1)

    bars = []
    for index, row in enumerate(rows):
        value = float(row[value_key])
        x = round(index * slot + (slot - bar) / 2, 1)
        item = {
            "x": x,
            "y": y_of(value),
            "width": round(bar, 1),
            "height": round(height - y_of(value), 1),
            "label": row[label_key],
            "value": row[value_key],
        }
        if refund_key:
            refund_y = y_of(float(row[refund_key]))
            item.update(
                refund_height=round(height - refund_y, 1),
                refund_y=refund_y,
                refund_width=round(bar / 3, 1),
                refund=row[refund_key],
            )
        bars.append(item)
    every = max(1, len(rows) // 10)
    ticks = [
        {"x": round(i * slot + slot / 2, 1), "label": rows[i][label_key]}
        for i in range(0, len(rows), every)
    ]
    gridlines = [
        {"y": y_of(value), "label": f"{value:,.0f}" if top >= 10 else f"{value:.2f}"}
        for value in scale
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "gridlines": gridlines,
        "width": width,
        "height": height,
        "peak": top,
    }


class SalesByDayView(ShopReportView):
    page_title = "Sales by day"
    results_template_name = "shop/orders/admin/report_sales_results.html"
    export_filename = "sales-by-day"
    paginate_by = None
    fields = [
        ("day", "Day"),
        ("orders", "Orders"),
        ("units", "Units"),
        ("discounts", "Discounts given"),
        ("revenue", "Revenue (after discounts)"),
        ("refunds", "Refunds"),
        ("net", "Net"),
    ]

    def get_filtered_queryset(self):
        start, end = self.date_range
        orders = (
            self.in_range(paid_orders(), "paid_at")
            .annotate(day=TruncDate("paid_at"))
            .values("day")
            .annotate(
                orders=Count("pk"),
                revenue=Sum("total"),
                discounts=Sum("discount_total"),
            )
        )
        units = (
            self.in_range(
                OrderLine.objects.exclude(order__paid_at=None), "order__paid_at"
            )
            .annotate(day=TruncDate("order__paid_at"))
            .values("day")
            .annotate(units=Sum("quantity"))
        )
        refunds = (
            self.in_range(
                Refund.objects.exclude(
                    status__in=[RefundStatus.FAILED, RefundStatus.CANCELED]
                ),
                "created_at",
            )
            .annotate(day=TruncDate("created_at"))
            .values("day")
            .annotate(amount=Sum("amount"))
        )
        by_day = defaultdict(dict)
        for row in orders:
            by_day[row["day"]].update(
                orders=row["orders"],
                revenue=row["revenue"],
                discounts=row["discounts"],
            )
        for row in units:
            by_day[row["day"]]["units"] = row["units"]
        for row in refunds:
            by_day[row["day"]]["refunds"] = row["amount"]
        rows = []
        day = start
        while day <= end:
            data = by_day.get(day, {})
            revenue = money(data.get("revenue"))
            refunded = money(data.get("refunds"))
            rows.append(
                {
                    "day": day,
                    "orders": data.get("orders", 0),
                    "units": data.get("units", 0),
                    "discounts": money(data.get("discounts")),
                    "revenue": revenue,
                    "refunds": refunded,
                    "net": revenue - refunded,
                }
            )
            day += datetime.timedelta(days=1)
        return rows

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        for_chart = [{**row, "short": row["day"].strftime("%d %b")} for row in rows]
        context["chart"] = bar_chart(
            for_chart, value_key="revenue", label_key="short", refund_key="refunds"
        )
        context["totals"] = {
            key: sum((row[key] for row in rows), ZERO if key != "orders" else 0)
            for key in ("orders", "units", "discounts", "revenue", "refunds", "net")
        }
        context["totals"]["units"] = sum(row["units"] for row in rows)
        best = max(rows, key=lambda row: row["revenue"], default=None)
        context["currency"] = settings.SHOP_CURRENCY
        context["best_day"] = best if best and best["revenue"] > 0 else None
        context["average"] = (
            money(context["totals"]["revenue"] / len(rows)) if rows else ZERO
        )
        return context
