"""Admin for the guides taxonomy: causes, body areas and contributors.

Grouped under one "Guide taxonomy" menu so marketers find everything that tags a
guide in one place; listings show how much content uses each term.
"""

from django.db.models import Count
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from home.models import BodyArea

from .models import Cause, Contributor


class CauseViewSet(SnippetViewSet):
    model = Cause
    icon = "warning"
    menu_label = "Causes"
    add_to_admin_menu = False
    list_display = [
        "name",
        "slug",
        Column("method_count", label="Relief methods", sort_key="method_count"),
        Column("guide_count", label="Guides", sort_key="guide_count"),
        "sort_order",
    ]
    ordering = ["sort_order", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return Cause.objects.annotate(
            method_count=Count("relief_methods", distinct=True),
            guide_count=Count("guides", distinct=True),
        )


class BodyAreaViewSet(SnippetViewSet):
    """The body-area taxonomy (defined in `home`) shared by guides and products.

    Edited here, next to causes, because marketers maintain both. The model moved from
    the catalogue to `home`; its admin URLs (and their names) stay where they were so
    bookmarks and links in old messages keep working.
    """

    model = BodyArea
    url_prefix = "snippets/catalogue/bodyarea"
    url_namespace = "wagtailsnippets_catalogue_bodyarea"
    icon = "user"
    menu_label = "Body areas"
    add_to_admin_menu = False
    search_fields = ["name", "slug"]
    search_backend_name = None  # a plain database filter over these two fields
    list_display = [
        "name",
        "slug",
        Column("guide_count", label="Guides", sort_key="guide_count"),
        Column("product_count", label="Products", sort_key="product_count"),
        "sort_order",
    ]
    ordering = ["sort_order", "name"]
    list_per_page = 50

    def get_queryset(self, request):
        return BodyArea.objects.annotate(
            guide_count=Count("guides", distinct=True),
            product_count=Count("products", distinct=True),
        )


class ContributorViewSet(SnippetViewSet):
    model = Contributor
    icon = "group"
    menu_label = "Authors and reviewers"
    add_to_admin_menu = False
    list_display = [
        "name",
        "job_title",
        Column("authored_count", label="Guides written", sort_key="authored_count"),
        Column("reviewed_count", label="Guides reviewed", sort_key="reviewed_count"),
    ]
    ordering = ["name"]

    def get_queryset(self, request):
        return Contributor.objects.annotate(
            authored_count=Count("authored_guides", distinct=True),
            reviewed_count=Count("reviewed_guides", distinct=True),
        )


class GuideTaxonomyGroup(SnippetViewSetGroup):
    items = (CauseViewSet, BodyAreaViewSet, ContributorViewSet)
    menu_icon = "tag"
    menu_label = "Guide taxonomy"
    menu_name = "guide-taxonomy"
