"""What each page led to over a date range: the figures behind "Guides that sell".

The shop never names the pages it reports on (their app lives above it); the caller
decides which pages to show and gets, per page id, the product views and
add-to-carts counted here and the paid orders and revenue credited to it.

The credit rule, which matches how people shop: a paid order line is credited to the
guide the reader's visit started from (`first_guide`), or, when the visit started
elsewhere, to the last content page before the add-to-cart (`source_page`). When
the last content page is a different page (a relief method read after the guide),
it gets an assist: the order is counted under "assisted orders", not its revenue.
Product pages are never credited (the cart refuses them as sources).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncDate

from shop.orders.models import PAID_LINE_TOTAL, OrderLine

from .models import PageAttribution

ZERO = Decimal("0.00")


@dataclass
class PageMetrics:
    """One page's figures over a range; money to the cent."""

    product_views: int = 0
    add_to_carts: int = 0
    orders: int = 0
    revenue: Decimal = ZERO
    assisted_orders: int = 0


def page_metrics(
    start: datetime.date, end: datetime.date, page_ids=None
) -> dict[int, PageMetrics]:
    """Metrics per page id for the days `start`..`end` (inclusive), for every page
    that counted anything in that range, or only for `page_ids` when given.

    "Sold" means paid: an order line counts on the day its order's payment arrived.
    """
    counters = PageAttribution.objects.filter(day__gte=start, day__lte=end)
    sales = OrderLine.objects.exclude(order__paid_at=None).filter(
        order__paid_at__date__gte=start, order__paid_at__date__lte=end
    )
    if page_ids is not None:
        counters = counters.filter(page_id__in=page_ids)
        sales = sales.filter(
            Q(source_page_id__in=page_ids) | Q(first_guide_id__in=page_ids)
        )
    else:
        sales = sales.exclude(source_page=None, first_guide=None)

    metrics: dict[int, PageMetrics] = {}
    for row in counters.values("page").annotate(
        views=Sum("product_views"), carts=Sum("add_to_carts")
    ):
        page = metrics.setdefault(row["page"], PageMetrics())
        page.product_views = row["views"] or 0
        page.add_to_carts = row["carts"] or 0

    credited_orders: dict[int, set] = defaultdict(set)
    assisted_orders: dict[int, set] = defaultdict(set)
    revenue: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for line in sales.values(
        "order_id", "first_guide_id", "source_page_id", "line_total", "discount"
    ):
        credited = line["first_guide_id"] or line["source_page_id"]
        credited_orders[credited].add(line["order_id"])
        revenue[credited] += line["line_total"] - line["discount"]
        assist = line["source_page_id"]
        if assist and assist != credited:
            assisted_orders[assist].add(line["order_id"])
    wanted = set(page_ids) if page_ids is not None else None
    for page_id in {*credited_orders, *assisted_orders}:
        if wanted is not None and page_id not in wanted:
            continue
        page = metrics.setdefault(page_id, PageMetrics())
        page.orders = len(credited_orders.get(page_id, ()))
        page.revenue = Decimal(revenue.get(page_id, ZERO)).quantize(Decimal("0.01"))
        page.assisted_orders = len(assisted_orders.get(page_id, ()))
    return metrics


def daily_metrics(
    start: datetime.date, end: datetime.date, page_ids
) -> dict[datetime.date, PageMetrics]:
    """The same figures summed over `page_ids`, per day (days with nothing to
    count are missing). A sale counts on the day its payment arrived."""
    counters = PageAttribution.objects.filter(
        day__gte=start, day__lte=end, page_id__in=page_ids
    )
    sales = OrderLine.objects.filter(
        order__paid_at__date__gte=start,
        order__paid_at__date__lte=end,
        source_page_id__in=page_ids,
    ).annotate(paid_day=TruncDate("order__paid_at"))
    return _collect(counters.values("day"), sales.values("paid_day"))


def _collect(counters, sales) -> dict:
    """Sum counters and paid order lines, each already grouped by one key."""
    metrics: dict = {}
    for row in counters.annotate(views=Sum("product_views"), carts=Sum("add_to_carts")):
        views, carts = row.pop("views"), row.pop("carts")
        group = metrics.setdefault(next(iter(row.values())), PageMetrics())
        group.product_views, group.add_to_carts = views or 0, carts or 0
    for row in sales.annotate(
        orders=Count("order", distinct=True),
        revenue=Coalesce(
            Sum(PAID_LINE_TOTAL),
            Value(ZERO),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    ):
        orders, revenue = row.pop("orders"), row.pop("revenue")
        group = metrics.setdefault(next(iter(row.values())), PageMetrics())
        group.orders = orders
        # SQLite sums come back with float noise.
        group.revenue = Decimal(revenue or 0).quantize(Decimal("0.01"))
    return metrics
