"""What the guides add to the site search: two result groups and the suggestions
shown when nothing matches. Registered from `GuidesConfig.ready()`."""

from home.extensions import (
    SearchKind,
    register_search_kind,
    register_search_suggestions,
)

from .models import GuideIndexPage, GuidePage, ReliefMethodPage


def popular_guides(limit: int) -> list:
    """Guides to suggest when a search finds nothing: the editors' picks, then new."""
    guide_index = GuideIndexPage.objects.live().first()
    return guide_index.popular_guides(limit) if guide_index else []


def register() -> None:
    register_search_kind(SearchKind("guides", "Guides", "Guide", "guide", (GuidePage,)))
    register_search_kind(
        SearchKind(
            "relief", "Relief methods", "Relief method", "method", (ReliefMethodPage,)
        )
    )
    register_search_suggestions(popular_guides)
