"""Discount codes: uses per code over paid orders, the discount they gave and the
revenue (after the discount) of the orders that used them."""

from django.db.models import Count, Sum

from .base import ShopReportView, money, paid_orders


class DiscountCodesView(ShopReportView):
    page_title = "Discount codes"
    export_filename = "discount-codes"
    fields = [
        ("code", "Code"),
        ("uses", "Uses (paid orders)"),
        ("discount", "Discount given"),
        ("revenue", "Revenue (after discounts)"),
        ("average", "Average order"),
    ]

    def get_filtered_queryset(self):
        rows = (
            self.in_range(paid_orders().exclude(discount_code=""), "paid_at")
            .values("discount_code")
            .annotate(
                uses=Count("pk"),
                discount=Sum("discount_total"),
                revenue=Sum("total"),
            )
            .order_by("-uses", "discount_code")
        )
        return [
            {
                "code": row["discount_code"],
                "uses": row["uses"],
                "discount": money(row["discount"]),
                "revenue": money(row["revenue"]),
                "average": money(money(row["revenue"]) / row["uses"]),
            }
            for row in rows
        ]
