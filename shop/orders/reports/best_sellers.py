"""Best sellers by variant (SKU) or by product, over paid orders."""

import django_filters
from django import forms
from django.db.models import Count, Sum

from shop.orders.models import PAID_LINE_TOTAL, OrderLine

from .base import DateRangeFilterSet, ShopReportView, money


class BestSellersFilterSet(DateRangeFilterSet):
    group = django_filters.ChoiceFilter(
        label="Group by",
        choices=[("variant", "Variant (SKU)"), ("product", "Product")],
        empty_label=None,
        method="keep",
        widget=forms.RadioSelect,
    )

    def keep(self, queryset, name, value):
        return queryset


class BestSellersView(ShopReportView):
    page_title = "Best sellers"
    filterset_class = BestSellersFilterSet
    export_filename = "best-sellers"
    fields = [
        ("rank", "Rank"),
        ("sku", "SKU"),
        ("product", "Product"),
        ("variant", "Variant"),
        ("units", "Units"),
        ("orders", "Orders"),
        ("revenue", "Revenue"),
    ]

    @property
    def group(self):
        if self.filters is not None and self.filters.is_valid():
            return self.filters.form.cleaned_data.get("group") or "variant"
        return "variant"

    def get_filtered_queryset(self):
        lines = self.in_range(
            OrderLine.objects.exclude(order__paid_at=None), "order__paid_at"
        )
        keys = ["sku", "product_name", "variant_name"]
        if self.group == "product":
            keys = ["product_name"]
        rows = (
            lines.values(*keys)
            .annotate(
                units=Sum("quantity"),
                orders=Count("order", distinct=True),
                revenue=Sum(PAID_LINE_TOTAL),
            )
            .order_by("-units", "-revenue", *keys)
        )
        return [
            {
                "rank": rank,
                "sku": row.get("sku", "—"),
                "product": row["product_name"],
                "variant": row.get("variant_name", "all variants"),
                "units": row["units"],
                "orders": row["orders"],
                "revenue": money(row["revenue"]),
            }
            for rank, row in enumerate(rows, start=1)
        ]
