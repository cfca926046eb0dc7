"""The moderation queue: every reader comment, those waiting first, filtered by
page, status and red flags. Opening one leads to its moderation screen
(admin_views.ModerateView); nothing is added or edited through generic forms."""

import django_filters
from django import forms
from django.db.models import Case, When
from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page

from . import admin_views
from .models import Comment, CommentStatus


def _pages_with_comments(request):
    return Page.objects.filter(
        pk__in=Comment.objects.values("page_id").distinct()
    ).order_by("title")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="Status",
        choices=CommentStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    page = django_filters.ModelChoiceFilter(
        label="Page", queryset=_pages_with_comments, empty_label="All pages"
    )
    red_flags = django_filters.BooleanFilter(
        label="Mentions red-flag symptoms",
        field_name="red_flags",
        lookup_expr="isnull",
        exclude=True,
        widget=forms.NullBooleanSelect,
        distinct=True,
    )

    class Meta:
        model = Comment
        fields = []


class CommentIndexView(ModelViewSet.index_view_class):
    page_title = "Reader comments"
    # The queue first (waiting for moderation), then everything else; newest first.
    default_ordering = ("queue", "-created_at", "-pk")
    search_fields = ["text", "name", "reply_text"]
    search_backend_name = None
    add_url_name = edit_url_name = delete_url_name = copy_url_name = None

    def get_base_queryset(self):
        waiting = Case(When(status=CommentStatus.PENDING, then=0), default=1)
        return (
            Comment.objects.select_related("page")
            .prefetch_related("red_flags")
            .annotate(queue=waiting)
        )

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "text",
                label="Comment",
                accessor=str,
                get_url=lambda comment: reverse(
                    "comments_moderation:edit", args=[comment.pk]
                ),
            ),
            Column("page", label="Page", accessor=lambda comment: comment.page.title),
            Column("name", label="Name"),
            Column("status", label="Status", accessor="get_status_display"),
            Column(
                "red_flags",
                label="Red flags",
                accessor=lambda comment: (
                    ", ".join(flag.slug for flag in comment.red_flags.all()) or "—"
                ),
            ),
            Column(
                "answered",
                label="Answered",
                accessor=lambda comment: "Yes" if comment.is_answered else "No",
            ),
            DateColumn("created_at", label="Sent", sort_key="created_at"),
        ]


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "comments_moderation"  # "comments" is the readers' URL namespace
    url_prefix = "reader-comments"
    icon = "comment"
    menu_label = "Reader comments"
    menu_order = 250
    add_to_admin_menu = True
    index_view_class = CommentIndexView
    filterset_class = CommentFilterSet
    list_per_page = 30
    add_to_reference_index = False
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            # "edit", so Wagtail's own links to a comment (search, logs) lead here.
            path("<int:pk>/", admin_views.ModerateView.as_view(), name="edit"),
        ]
