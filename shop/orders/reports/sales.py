"""Sales by day, with an inline SVG bar chart of revenue and refunds."""

import datetime
from collections import defaultdict

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate

from shop.orders.models import OrderLine, Refund, RefundStatus

from .base import ZERO, ShopReportView, money, paid_orders


def bar_chart(rows, *, value_key, label_key, refund_key=None, height=160, width=760):
    """Bars for an inline SVG: one per row, scaled to the largest value."""
    values = [float(row[value_key]) for row in rows]
    peak = max(
        values + [float(row[refund_key]) for row in rows] if refund_key else values
    )
    peak = peak or 1.0
    slot = width / max(len(rows), 1)
    bar = max(slot * 0.7, 1)
    bars = []
    for index, row in enumerate(rows):
        value = float(row[value_key])
        h = round(value / peak * (height - 20), 1)
        x = round(index * slot + (slot - bar) / 2, 1)
        item = {
            "x": x,
            "y": round(height - h, 1),
            "width": round(bar, 1),
            "height": h,
            "label": row[label_key],
            "value": row[value_key],
        }
        if refund_key:
            rh = round(float(row[refund_key]) / peak * (height - 20), 1)
            item.update(
                refund_height=rh,
                refund_y=round(height - rh, 1),
                refund_width=round(bar / 3, 1),
                refund=row[refund_key],
            )
        bars.append(item)
    every = max(1, len(rows) // 10)
    ticks = [
        {"x": round(i * slot + slot / 2, 1), "label": rows[i][label_key]}
        for i in range(0, len(rows), every)
    ]
    return {
        "bars": bars,
        "ticks": ticks,
        "width": width,
        "height": height,
        "peak": peak,
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
        ("revenue", "Revenue"),
        ("refunds", "Refunds"),
        ("net", "Net"),
    ]

    def get_filtered_queryset(self):
        start, end = self.date_range
        orders = (
            self.in_range(paid_orders(), "paid_at")
            .annotate(day=TruncDate("paid_at"))
            .values("day")
            .annotate(orders=Count("pk"), revenue=Sum("total"))
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
            by_day[row["day"]].update(orders=row["orders"], revenue=row["revenue"])
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
            for key in ("orders", "units", "revenue", "refunds", "net")
        }
        context["totals"]["units"] = sum(row["units"] for row in rows)
        return context
