"""Admin for the finder's logic: red flags, questions, cause rules, and a preview of
the ranking any set of answers produces. One "Relief finder" menu for all four."""

from django.db.models import Count
from django.urls import path
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import CauseProfile, FinderQuestion, RedFlag

REVIEW_COLUMNS = [
    "medical_reviewer",
    DateColumn("last_reviewed", label="Last medical review"),
]


class RedFlagViewSet(SnippetViewSet):
    model = RedFlag
    icon = "warning"
    menu_label = "Red flags"
    list_display = ["question", "disposition", "sort_order", *REVIEW_COLUMNS]
    ordering = ["sort_order", "pk"]


class FinderQuestionViewSet(SnippetViewSet):
    model = FinderQuestion
    icon = "help"
    menu_label = "Questions"
    list_display = [
        "prompt",
        "step",
        Column("answer_count", label="Answers", sort_key="answer_count"),
        "sort_order",
        *REVIEW_COLUMNS,
    ]
    ordering = ["step", "sort_order"]

    def get_queryset(self, request):
        return FinderQuestion.objects.annotate(answer_count=Count("answers"))


class CauseProfileViewSet(SnippetViewSet):
    model = CauseProfile
    icon = "list-ol"
    menu_label = "Cause rules"
    list_display = [
        "cause",
        "guide",
        Column("rule_count", label="Rules", sort_key="rule_count"),
        *REVIEW_COLUMNS,
    ]
    ordering = ["cause__sort_order"]

    def get_queryset(self, request):
        return CauseProfile.objects.select_related("cause", "guide").annotate(
            rule_count=Count("rules")
        )


class RankingPreviewViewSet(ViewSet):
    """Tick answers, see every cause's score and the rules that fired."""

    name = "finder_preview"
    url_prefix = "finder/preview"
    icon = "view"
    menu_label = "Preview the ranking"

    def get_urlpatterns(self):
        return [path("", views.preview, name="index")]


class FinderAdminGroup(ViewSetGroup):
    items = (
        RedFlagViewSet,
        FinderQuestionViewSet,
        CauseProfileViewSet,
        RankingPreviewViewSet,
    )
    menu_icon = "help"
    menu_label = "Relief finder"
    menu_name = "relief-finder"
    menu_order = 250

    def __init__(self):
        # As SnippetViewSetGroup does: these snippets have a menu of their own, so
        # the generic "Snippets" menu need not list them.
        for item in self.items:
            item.menu_item_is_registered = True
        super().__init__()
