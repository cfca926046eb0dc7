"""The finder's place in the site shell: a signpost on the home hero, the empty
search, guides and relief methods (`home.extensions.register_signpost`)."""

from home.extensions import Signpost, register_signpost
from home.tree_cache import tree_cached

from .pages import FinderPage


def finder_signpost() -> Signpost | None:
    # Shown on many pages: looked up once until the page tree changes.
    return tree_cached("finder-signpost", _finder_signpost)


def _finder_signpost() -> Signpost | None:
    # The finder sits right under the home page, so a restriction of its own is the
    # only one that can hide it (a restricted home page hides the whole site): one
    # query, without `public()`'s extra look at every restriction.
    page = FinderPage.objects.live().filter(view_restrictions__isnull=True).first()
    if page is None:
        return None
    return Signpost(
        title="Not sure what is behind your cramps?",
        text="Answer a few questions about where and when it hurts.",
        url=page.url,
        link_text=f"Try the {page.title.lower()}",
    )


def register() -> None:
    register_signpost(finder_signpost)
