"""Stock valuation: on hand × cost price per SKU, today's figures."""

from django.utils import timezone
from django.utils.functional import cached_property

from shop.inventory.reports import stock_valuation, valuation_totals

from .base import ShopReportView, money


class StockValuationView(ShopReportView):
    """On hand × unit cost, per SKU, with the total; today's figures (no range)."""

    page_title = "Stock valuation"
    results_template_name = "shop/orders/admin/report_valuation_results.html"
    filterset_class = None
    export_filename = "stock-valuation"
    fields = [
        ("sku", "SKU"),
        ("product", "Product"),
        ("variant", "Variant"),
        ("on_hand", "On hand"),
        ("unit_cost", "Unit cost"),
        ("value", "Value"),
    ]

    def get_filename(self):
        return f"stock-valuation-{timezone.localdate()}"

    @cached_property
    def valuation(self):
        return stock_valuation()

    def get_filtered_queryset(self):
        return [
            {
                "sku": level.variant.sku,
                "product": level.variant.product.title,
                "variant": level.variant.name,
                "on_hand": level.on_hand,
                "unit_cost": level.unit_cost if level.unit_cost is not None else "—",
                "value": money(level.value),
            }
            for level in self.valuation
        ]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["totals"] = valuation_totals(self.valuation)
        return context
