"""Route a URL to its page in two queries, whatever its depth.

Wagtail's `Page.route` walks the tree one level at a time: for
`/shop/heat-pads/wheat-bag/` it fetches each child by slug and then its specific
page, two queries per level. `ChainRoutingMixin` (on the site's root page) fetches
every page on the path in one query, by slug within the root's subtree, follows the
chain in Python, and fetches only the last page's specific object. The rules are
Wagtail's: each step must be a child with exactly that slug; only the page finally
served must be live; a page type with its own `route` (a routable page) takes over
the rest of the path at its level, as it would under Wagtail's walk.

The pages passed on the way are kept on the page served (`route_trail`), so its
breadcrumbs (`ancestors_below_root`) need no query either. A page type can name
foreign keys every view of it reads (`route_select_related`, such as its author and
hero image); they are joined into the query that fetches the page.

The page found for a path, with its trail and joined relations, is kept in the tree
cache (`home/tree_cache.py`) until the page tree next changes, so a repeat request
for the same path costs no query at all. What could make it stale starts a new
generation: publishing, unpublishing, moving or deleting a page, saving a live
page's own fields directly (`page_saved` below), and saving a picture or a
contributor (the rows `route_select_related` joins). A path that is not found is
never cached (any string can be asked for), and liveness is checked on every
request by the page's own `route`.
"""

from __future__ import annotations

import hashlib

from django.http import Http404
from wagtail.models import Page

from .tree_cache import PAGE_TIMEOUT, tree_cached, tree_changed_now_and_on_commit

#: Part of the cache key: change it when what a cached route holds changes shape.
ROUTE_VERSION = 1
#: Fields a draft, a lock or a comment saves on the page row: none is shown to
#: readers, so saving only these keeps the cached routes.
DRAFT_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _routes_itself(page_class) -> bool:
    return getattr(page_class, "route", Page.route) is not Page.route


class ChainRoutingMixin:
    """For the site root page type: one query for the path, one for its page."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)  # type: ignore[misc]
        path = "/".join(path_components)
        key = hashlib.sha256(path.encode()).hexdigest()
        found = tree_cached(
            f"route:{ROUTE_VERSION}:{self.pk}:{key}",  # type: ignore[attr-defined]
            lambda: self._find(path_components),
            PAGE_TIMEOUT,
        )
        if found is None:  # a page type on the way routes the rest itself
            return self._walk(request, path_components)
        return found.route(request, [])

    def _find(self, path_components) -> Page | None:
        """The specific page at this path (Http404 if there is none), or None when a
        page type on the way has its own `route`."""
        try:
            return self._walk(None, path_components)
        except _RoutesItself:
            return None

    def _walk(self, request, path_components):
        """Follow the path through one query. With `request` None, stop at the page
        found (or raise `_RoutesItself`) instead of routing through it."""
        candidates = Page.objects.filter(
            path__startswith=self.path,  # type: ignore[attr-defined]
            depth__gt=self.depth,  # type: ignore[attr-defined]
            depth__lte=self.depth + len(path_components),  # type: ignore[attr-defined]
            slug__in=set(path_components),
        )
        by_place = {
            (page.depth, page.path[: -Page.steplen], page.slug): page
            for page in candidates
        }
        parent, trail = self, []
        for index, slug in enumerate(path_components):
            page = by_place.get((parent.depth + 1, parent.path, slug))
            if page is None:
                raise Http404
            # As Wagtail's walk does: later get_parent() calls need no query.
            page._cached_parent_obj = parent
            trail.append(parent)
            remaining = path_components[index + 1 :]
            if remaining and _routes_itself(page.specific_class):
                if request is None:
                    raise _RoutesItself
                return _with_trail(page, trail).route(request, remaining)
            parent = page
        found = _with_trail(parent, trail)
        return found if request is None else found.route(request, [])


class _RoutesItself(Exception):
    """A page on the path routes the rest of it (not cached)."""


def page_saved(sender, instance, update_fields=None, **kwargs) -> None:
    """A live page's own fields saved without publishing (a script, a data fix):
    what readers see may have changed, so cached routes (and every other tree
    lookup) start again. Drafts, locks and comments do not count."""
    if not isinstance(instance, Page) or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    tree_changed_now_and_on_commit()


def _with_trail(page: Page, trail: list[Page]) -> Page:
    """The specific page, with the relations its type names in
    `route_select_related` joined into the same query, and the trail kept."""
    page_class = page.specific_class
    related = getattr(page_class, "route_select_related", ())
    if page_class is not None and related:
        specific = (
            page_class.objects.select_related(*related).filter(pk=page.pk).first()
        )
        if specific is None:  # deleted since the path was read
            raise Http404
        specific._cached_parent_obj = page._cached_parent_obj
    else:
        specific = page.specific
    specific.route_trail = trail
    return specific


def ancestors_below_root(page: Page) -> list[Page]:
    """The page's ancestors from the site's home page down (the tree root, depth 1,
    left out): the trail routing passed through, or one query, kept on the page."""
    trail = getattr(page, "route_trail", None)
    if trail is None and not page.pk:
        return []  # the preview of a page never saved has no place in the tree yet
    if trail is None:
        trail = [ancestor for ancestor in page.get_ancestors() if ancestor.depth > 1]
        page.route_trail = trail
    return trail


def ancestor_of_type(page: Page, model) -> Page | None:
    """The nearest ancestor of this page type (as a plain `Page`), from the page's
    trail: no query of its own for a page that was routed or showed breadcrumbs."""
    for ancestor in reversed(ancestors_below_root(page)):
        if issubclass(ancestor.specific_class or Page, model):
            return ancestor
    return None
