"""The Reviews listing in the Wagtail admin (in the Shop menu group), registered
from `shop/staff/wagtail_hooks.py` like every shop viewset.

Reviews are never added or edited through a generic form: buyers write them, staff
moderate each one on its own page (admin_views.py).
"""

from __future__ import annotations

import django_filters
from django.db.models import Case, IntegerField, Value, When
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from shop.admin_menu import SHOP_MENU_HOOK
from shop.orders.viewsets import StatusColumn

from . import admin_views
from .models import Review, ReviewStatus


class ReviewFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=ReviewStatus.choices, empty_label="Any status"
    )
    rating = django_filters.ChoiceFilter(
        label="Rating",
        choices=[(n, f"{n} star{'s' if n > 1 else ''}") for n in range(5, 0, -1)],
        empty_label="Any rating",
    )

    class Meta:
        model = Review
        fields = []


def moderate_url(review: Review) -> str:
    return reverse("shop_reviews:moderate", args=[review.pk])


class ReviewIndexView(ModelViewSet.index_view_class):
    """Reviews waiting for moderation first, newest first within each group.

    The dashboard links here rather than to `?status=pending`: with a filter set,
    Wagtail's filter button shows a count that does not match its accessible name
    (axe: label-content-name-mismatch)."""

    page_title = "Reviews"
    default_ordering = ("-waiting", "-created_at")
    search_fields = ["title", "body", "author_name", "order__reference"]
    search_backend_name = None
    add_url_name = edit_url_name = copy_url_name = None

    def get_base_queryset(self):
        waiting = Case(
            When(status=ReviewStatus.PENDING, then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
        return Review.objects.select_related("product", "order").annotate(
            waiting=waiting
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label="Review",
                get_url=moderate_url,
                get_title_id=lambda review: f"review_{review.pk}_title",
            ),
            Column("product", label="Product", accessor="product.title"),
            Column("rating", label="Rating", accessor="rating_label"),
            StatusColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                tones=admin_views.STATUS_TONE,
            ),
            Column("order", label="Order", accessor="order.reference"),
            DateColumn("created_at", label="Written", sort_key="created_at"),
        ]


class ReviewViewSet(ModelViewSet):
    model = Review
    name = "shop_reviews"  # "reviews" is the buyer-facing URL namespace
    url_prefix = "reviews"
    icon = "comment"
    menu_label = "Reviews"
    menu_order = 40
    menu_hook = SHOP_MENU_HOOK
    index_view_class = ReviewIndexView
    filterset_class = ReviewFilterSet
    list_per_page = 30
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path(
                "<int:pk>/",
                admin_views.ModerateReviewView.as_view(),
                name="moderate",
            ),
            path("<int:pk>/delete/", self.delete_view, name="delete"),
        ]

    def get_delete_view_kwargs(self, **kwargs):
        # No usage page: reviews are not in the reference index, so nothing can
        # use one (Wagtail's delete view would otherwise link to the missing URL).
        return super().get_delete_view_kwargs(usage_url_name=None, **kwargs)

    @property
    def url_finder_class(self):
        finder = super().url_finder_class
        finder.edit_url_name = self.get_url_name("moderate")
        return finder
