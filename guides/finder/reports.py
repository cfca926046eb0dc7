"""The "Relief finder" report: how readers use the finder, per day.

Starts, completions and red-flag stops come from the finder's own daily counts
(`FinderDailyCount`); add-to-carts, paid orders and revenue from the shop's
first-party attribution of the finder page (`shop.attribution.metrics`), the same
figures "Guides that sell" shows for guides. Below the table: stops per red flag and
the causes results showed most. Only daily sums exist; nothing about any reader.
"""

import datetime
from collections import defaultdict

from django.db.models import Sum

from guides.models import Cause
from shop.attribution.metrics import PageMetrics, daily_metrics
from shop.orders.reports import ShopReportView, report_viewset

from .models import FinderDailyCount, FinderPage, RedFlag

Event = FinderDailyCount.Event
TOP_CAUSES = 10


class FinderReportView(ShopReportView):
    page_title = "Relief finder"
    results_template_name = "guides/finder/admin/report_results.html"
    export_filename = "relief-finder"
    paginate_by = None
    fields = [
        ("day", "Day"),
        ("starts", "Starts"),
        ("completions", "Completed"),
        ("red_flag_stops", "Stopped by a red flag"),
        ("add_to_carts", "Add-to-carts from a result"),
        ("orders", "Paid orders"),
        ("revenue", "Paid revenue"),
    ]

    def counts(self):
        start, end = self.date_range
        return FinderDailyCount.objects.filter(day__gte=start, day__lte=end)

    def get_filtered_queryset(self):
        start, end = self.date_range
        by_day: dict = defaultdict(lambda: defaultdict(int))
        for row in self.counts().values("day", "event").annotate(n=Sum("count")):
            by_day[row["day"]][row["event"]] += row["n"]
        page_ids = list(FinderPage.objects.values_list("pk", flat=True))
        money = daily_metrics(start, end, page_ids)
        rows, day = [], start
        while day <= end:
            counts, sales = by_day[day], money.get(day, PageMetrics())
            rows.append(
                {
                    "day": day,
                    "starts": counts[Event.START],
                    "completions": counts[Event.COMPLETE],
                    "red_flag_stops": counts[Event.RED_FLAG],
                    "add_to_carts": sales.add_to_carts,
                    "orders": sales.orders,
                    "revenue": sales.revenue,
                }
            )
            day += datetime.timedelta(days=1)
        return rows

    def breakdown(self, event) -> list[tuple[str, int]]:
        rows = (
            self.counts()
            .filter(event=event)
            .values("key")
            .annotate(n=Sum("count"))
            .order_by("-n", "key")
        )
        return [(row["key"], row["n"]) for row in rows]

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = context["object_list"]
        questions = dict(RedFlag.objects.values_list("slug", "question"))
        causes = dict(Cause.objects.values_list("slug", "name"))
        context.update(
            totals={
                key: sum(row[key] for row in rows) for key, _label in self.fields[1:]
            },
            flag_stops=[
                (questions.get(slug, slug), n)
                for slug, n in self.breakdown(Event.RED_FLAG)
            ],
            causes_shown=[
                (causes.get(slug, slug), n)
                for slug, n in self.breakdown(Event.CAUSE)[:TOP_CAUSES]
            ],
        )
        return context


def finder_report_viewset():
    """After "Guides that sell" (32) in the Shop menu."""
    return report_viewset(
        "report_finder",
        "reports/relief-finder",
        "Relief finder",
        FinderReportView,
        32,
    )
