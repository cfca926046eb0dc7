"""Medical reviews that are due: a report for marketers and a panel on their dashboard.

Every guide and relief method carries a "next review due" date (twelve months after
the last review unless the editor chose another). Content past that date is still
live, so someone has to see it: the report lists what is overdue or due within the
next 30 days, and the dashboard shows the same to everyone who edits guides.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.views.reports import ReportView

from .models import GuideIndexPage, GuidePage, ReliefMethodPage

DUE_SOON = timedelta(days=30)


@dataclass
class ReviewDue:
    page: GuidePage | ReliefMethodPage
    due: date
    today: date

    @property
    def overdue_days(self) -> int:
        return (self.today - self.due).days

    @property
    def status(self) -> str:
        if self.overdue_days > 0:
            return f"Overdue by {self.overdue_days} days"
        if self.overdue_days == 0:
            return "Due today"
        return f"Due in {-self.overdue_days} days"


def reviews_due(today: date | None = None) -> list[ReviewDue]:
    """Live guides and methods whose review is overdue or due within 30 days,
    most overdue first."""
    today = today or timezone.localdate()
    rows = []
    for model in (GuidePage, ReliefMethodPage):
        pages = model.objects.live().filter(next_review_due__lte=today + DUE_SOON)
        rows.extend(
            ReviewDue(page, page.next_review_due, today)
            for page in pages.select_related("medical_reviewer")
        )
    return sorted(rows, key=lambda row: (row.due, row.page.title))


def edits_guides(user) -> bool:
    """Whoever may add guides (marketers, managers, admins) keeps them reviewed."""
    index = GuideIndexPage.objects.first()
    return bool(index and index.permissions_for_user(user).can_add_subpage())


class ReviewsDueView(ReportView):
    """Reports → Medical reviews due."""

    page_title = "Medical reviews due"
    header_icon = "warning"
    results_template_name = "guides/admin/reviews_due_results.html"
    index_url_name = "guides_reviews_due"
    index_results_url_name = "guides_reviews_due_results"
    paginate_by = 100

    def dispatch(self, request, *args, **kwargs):
        if not edits_guides(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return reviews_due()

    def get_filtered_queryset(self):
        return reviews_due()


class ReviewsDuePanel(Component):
    """The dashboard's list of reviews due (nothing when all are current)."""

    name = "reviews_due"
    order = 90
    template_name = "guides/admin/reviews_due_panel.html"

    def __init__(self, rows: list[ReviewDue]):
        self.rows = rows

    def get_context_data(self, parent_context):
        return {
            "rows": self.rows[:5],
            "more": max(0, len(self.rows) - 5),
            "report_url": reverse("guides_reviews_due"),
        }
