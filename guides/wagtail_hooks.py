"""Admin registration and editorial rules for the guides app.

Viewsets live in viewsets.py; the review rule itself lives in review.py.
"""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from .dashboard import MarketingPanel
from .models import GuideIndexPage
from .reports import guides_report_viewset
from .review import review_required
from .reviews_due import ReviewsDuePanel, ReviewsDueView, edits_guides, reviews_due
from .viewsets import GuideTaxonomyGroup

register_snippet(GuideTaxonomyGroup)


@hooks.register("register_admin_viewset")
def register_guides_report():
    """ "Guides that sell" in the Shop menu, next to the shop's reports."""
    return guides_report_viewset()


@hooks.register("construct_homepage_panels")
def add_marketing_panel(request, panels):
    """For whoever may write guides (marketers, managers, admins)."""
    index = GuideIndexPage.objects.first()
    if index is not None and index.permissions_for_user(request.user).can_add_subpage():
        panels.append(MarketingPanel())


def _publishes(request) -> bool:
    return request.method == "POST" and "action-publish" in request.POST


@hooks.register("construct_page_action_menu")
def offer_review_instead_of_publish(menu_items, request, context):
    """Marketers see 'Submit to Guide review' where admins see 'Publish'."""
    page = (
        context.get("parent_page")
        if context.get("view") == "create"
        else context.get("page")
    )
    if review_required(request.user, page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_create_page")
def refuse_direct_publish_on_create(request, parent_page, page_class):
    if _publishes(request) and review_required(request.user, parent_page):
        return permission_denied(request)
    return None


@hooks.register("before_edit_page")
def refuse_direct_publish_on_edit(request, page):
    if _publishes(request) and review_required(request.user, page):
        return permission_denied(request)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_publish_of_reviewed_pages(request, action_type, objects, action):
    if action_type == "publish" and any(
        review_required(request.user, page) for page in objects
    ):
        return permission_denied(request)
    return None


@hooks.register("register_admin_urls")
def register_reviews_due_urls():
    return [
        path(
            "reports/reviews-due/",
            ReviewsDueView.as_view(),
            name="guides_reviews_due",
        ),
        path(
            "reports/reviews-due/results/",
            ReviewsDueView.as_view(results_only=True),
            name="guides_reviews_due_results",
        ),
    ]


class ReviewsDueMenuItem(MenuItem):
    def is_shown(self, request):
        return edits_guides(request.user)


@hooks.register("register_reports_menu_item")
def register_reviews_due_menu_item():
    return ReviewsDueMenuItem(
        "Medical reviews due",
        reverse("guides_reviews_due"),
        icon_name="warning",
        order=50,
    )


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    """Marketers see on their dashboard which guides need a fresh medical review."""
    if edits_guides(request.user):
        rows = reviews_due()
        if rows:
            panels.append(ReviewsDuePanel(rows))
