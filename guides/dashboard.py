"""The marketers' admin-home panel: guides waiting for review, guides overdue for a
fresh medical review, and the guides that sold most this month.

Figures come from a fixed number of queries (they do not grow with the number of
pages or orders) and are kept in Django's cache for a minute, like the shop's panels.
Marketers may not see prices or the shop's reports, so sales are shown as paid
orders, and link to "Guides that sell" only for users who may open it.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Page, Workflow, WorkflowState

from shop.attribution.metrics import page_metrics
from shop.orders.reports import REPORTS_PERMISSION

from .models import GuidePage, ReliefMethodPage
from .site_setup import WORKFLOW_NAME

CACHE_SECONDS = 60
ROWS = 6
#: A guide's medical review is overdue after this many days.
REVIEW_EVERY_DAYS = 365


def _edit(page_id: int) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def awaiting_review() -> dict:
    """Guide and relief-method pages in an active workflow, oldest request first."""
    types = ContentType.objects.get_for_models(GuidePage, ReliefMethodPage).values()
    states = WorkflowState.objects.active().filter(content_type__in=list(types))
    rows = list(states.order_by("created_at").values("object_id", "created_at")[:ROWS])
    titles = dict(
        Page.objects.filter(pk__in=[int(r["object_id"]) for r in rows]).values_list(
            "pk", "title"
        )
    )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).values_list("pk", flat=True)
    query = {"status": WorkflowState.STATUS_IN_PROGRESS}
    if workflow:
        query["workflow"] = workflow[0]
    return {
        "count": states.count(),
        "url": f"{reverse('wagtailadmin_reports:workflow')}?{urlencode(query)}",
        "rows": [
            {
                "title": titles.get(int(row["object_id"]), "?"),
                "url": _edit(int(row["object_id"])),
                "since": row["created_at"],
            }
            for row in rows
        ],
    }


def overdue_for_review() -> dict:
    """Live guides never reviewed or last reviewed over a year ago, oldest first."""
    due = timezone.localdate() - datetime.timedelta(days=REVIEW_EVERY_DAYS)
    guides = GuidePage.objects.live().filter(
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=due)
    )
    rows = guides.order_by("last_reviewed", "title").values(
        "pk", "title", "last_reviewed"
    )[:ROWS]
    return {
        "count": guides.count(),
        "rows": [{**row, "url": _edit(row["pk"])} for row in rows],
    }


def top_guides_this_month() -> list[dict]:
    """Guide and method pages by paid orders they led to since the 1st."""
    today = timezone.localdate()
    metrics = page_metrics(today.replace(day=1), today)
    pages = dict(
        Page.objects.filter(
            pk__in=list(metrics), content_type__app_label="guides"
        ).values_list("pk", "title")
    )
    ranked = sorted(
        (pk for pk in pages if metrics[pk].orders),
        key=lambda pk: (-metrics[pk].orders, pages[pk]),
    )
    return [
        {"title": pages[pk], "orders": metrics[pk].orders, "url": _edit(pk)}
        for pk in ranked[:ROWS]
    ]


def marketing_figures() -> dict:
    return {
        "review": awaiting_review(),
        "overdue": overdue_for_review(),
        "top": top_guides_this_month(),
    }


class MarketingPanel(Component):
    """Admin home for whoever writes guides: what to review, refresh and repeat."""

    name = "guides_marketing"
    template_name = "guides/admin/dashboard_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        key = f"guides-dashboard:{timezone.localdate().isoformat()}"
        figures = cache.get(key)
        if figures is None:
            figures = marketing_figures()
            cache.set(key, figures, CACHE_SECONDS)
        user = parent_context["request"].user
        today = timezone.localdate()
        report = ""
        if user.has_perm(REPORTS_PERMISSION):
            query = urlencode(
                {"paid_at_from": today.replace(day=1).isoformat(), "paid_at_to": today}
            )
            report = f"{reverse('report_guides:index')}?{query}"
        return {**figures, "report_url": report, "review_days": REVIEW_EVERY_DAYS}
