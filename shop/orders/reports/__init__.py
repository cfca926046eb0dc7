"""Shop reports in the Wagtail admin (ReportView: filters, CSV and XLSX export):
sales by day with an SVG bar chart, best sellers, stock valuation and the uses per
discount code, one module each. Only users with `inventory.view_shop_reports`
(shop managers) see them.

shop.staff registers `report_viewsets()` in the Shop menu. The report of which
content pages sell is assembled above the shop, on the same base, from the figures
of shop.attribution: the shop never names the content apps.
"""

from .base import REPORTS_PERMISSION, ReportViewSet, ShopReportView, report_viewset
from .best_sellers import BestSellersView
from .discount_codes import DiscountCodesView
from .sales import SalesByDayView
from .valuation import StockValuationView

__all__ = [
    "REPORTS_PERMISSION",
    "ReportViewSet",
    "ShopReportView",
    "report_viewset",
    "report_viewsets",
]


def report_viewsets() -> list[ReportViewSet]:
    """The shop's own reports (menu order 30, 31, 33; 32 is taken from above)."""
    return [
        report_viewset(
            "report_sales", "reports/sales", "Sales by day", SalesByDayView, 30
        ),
        report_viewset(
            "report_best_sellers",
            "reports/best-sellers",
            "Best sellers",
            BestSellersView,
            31,
        ),
        report_viewset(
            "report_valuation",
            "reports/stock-valuation",
            "Stock valuation",
            StockValuationView,
            33,
        ),
        report_viewset(
            "report_discount_codes",
            "reports/discount-codes",
            "Discount codes report",
            DiscountCodesView,
            34,
        ),
    ]
