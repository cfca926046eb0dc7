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
"""

from __future__ import annotations

from django.http import Http404
from wagtail.models import Page


def _routes_itself(page_class) -> bool:
    return getattr(page_class, "route", Page.route) is not Page.route


class ChainRoutingMixin:
    """For the site root page type: one query for the path, one for its page."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)  # type: ignore[misc]
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
                return _with_trail(page, trail).route(request, remaining)
            parent = page
        return _with_trail(parent, trail).route(request, [])


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
