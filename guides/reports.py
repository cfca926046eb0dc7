"""The "Guides that sell" report: what each guide and relief-method page led to.

Why it lives here: nothing under `shop/` may name the guides app, not even by app
label, yet this report is about guides. So the shop supplies the parts and guides
assembles them:

- `shop.attribution.metrics.page_metrics()` gives the figures per page (product
  views and add-to-carts counted by attribution, paid orders and revenue of the
  order lines attributed to the page);
- `shop.orders.reports.ShopReportView` gives the date range, the CSV/XLSX exports
  and the `inventory.view_shop_reports` permission every shop report has;
- `report_viewset()` puts it in the Shop admin menu through the menu hook that
  shop.staff exposes, at the URL and URL name it always had (`report_guides:index`,
  /admin/reports/guides-that-sell/). guides/wagtail_hooks.py registers it.
"""

from django.db.models import Q
from wagtail.models import Page

from shop.attribution.metrics import PageMetrics, page_metrics
from shop.orders.reports import ShopReportView, report_viewset


class GuidesThatSellView(ShopReportView):
    page_title = "Guides that sell"
    results_template_name = "guides/admin/report_guides_results.html"
    export_filename = "guides-that-sell"
    fields = [
        ("page", "Page"),
        ("kind", "Kind"),
        ("product_views", "Product views reached from it"),
        ("add_to_carts", "Add-to-carts"),
        ("orders", "Paid orders credited"),
        ("revenue", "Paid revenue credited"),
        ("assisted_orders", "Assisted orders"),
    ]
    credit_rule = (
        "A sale is credited to the guide the reader's visit started from; a relief "
        "method (or another guide) read after it and before the add-to-cart counts "
        "an assisted order. Visits that started elsewhere credit the last guide or "
        "method read. Product pages are never credited. The path is kept in the "
        "reader's browser tab only; we store daily totals per page."
    )

    no_results_message = (
        "No guide or relief-method page is published yet, and no page has led to a "
        "product view, an add-to-cart or a sale in this date range."
    )

    def get_filtered_queryset(self):
        start, end = self.date_range
        metrics = page_metrics(start, end)
        # Every live page of this app is listed (zeros say something too), plus any
        # other page that led to something in the range.
        pages = (
            Page.objects.filter(
                Q(content_type__app_label="guides", live=True) | Q(pk__in=list(metrics))
            )
            .select_related("content_type")
            .specific(defer=True)
        )
        rows = []
        for page in pages:
            data = metrics.get(page.pk, PageMetrics())
            rows.append(
                {
                    "page": page.title,
                    "page_id": page.pk,
                    "url": page.url,
                    "kind": page.specific_class._meta.verbose_name.capitalize()
                    if page.specific_class
                    else "Page",
                    "product_views": data.product_views,
                    "add_to_carts": data.add_to_carts,
                    "orders": data.orders,
                    "revenue": data.revenue,
                    "assisted_orders": data.assisted_orders,
                }
            )
        rows.sort(
            key=lambda r: (-r["revenue"], -r["add_to_carts"], -r["product_views"])
        )
        return rows


def guides_report_viewset():
    """Between the shop's "Best sellers" (31) and "Stock valuation" (33)."""
    return report_viewset(
        "report_guides",
        "reports/guides-that-sell",
        "Guides that sell",
        GuidesThatSellView,
        32,
    )
