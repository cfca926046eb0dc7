"""Skip Wagtail's view-restriction queries while no page on the site is restricted.

Wagtail checks a page's view restrictions on every serve (two queries: the page's
ancestors, then their restrictions), and every `.public()` queryset reads the whole
restriction table again. Unknot's public pages are rarely, if ever, restricted, so a
cached flag, "does any restriction exist", lets a page skip all of that. The moment
an editor restricts a page the flag turns true and Wagtail's own checks run exactly
as before.

The flag is kept in the default cache (Redis in production, shared by every worker):

- saving a restriction sets it to True at once, inside the editor's transaction
  (an early True only costs queries; it can never let a reader through);
- deleting one clears it after the commit, and the next reader recomputes it;
- a reader recomputes with `cache.add`, which never overwrites a True written by an
  editor meanwhile, so a stale False cannot outlive a new restriction.

A page that gains or loses a restriction is also purged from the page cache with
everything below it, since a copy cached while it was public must not be served to
readers who now need to sign in (and vice versa).
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from .request_memo import cached_once_per_request, forget, read_together

FLAG_KEY = "home:any-view-restriction"
# Recomputed at least this often, so a cache that lost a write heals by itself.
FLAG_TIMEOUT = 60 * 10


def any_restriction_exists() -> bool:
    """Whether any page on any site has a view restriction (cached; see module),
    read once per request."""
    return cached_once_per_request(FLAG_KEY, _compute_flag)


def _compute_flag() -> bool:
    """The flag where the cache holds none (or it expired)."""
    flag = PageViewRestriction.objects.exists()
    cache.add(FLAG_KEY, flag, FLAG_TIMEOUT)
    return flag


read_together(FLAG_KEY)


class ViewRestrictionsMixin:
    """For page types: `get_view_restrictions()` costs no query while the site has
    no restriction at all; otherwise it is Wagtail's own, aliases included."""

    def get_view_restrictions(self):
        if not any_restriction_exists():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()  # type: ignore[misc]


class PublicPageQuerySet(PageQuerySet):
    """Wagtail's page queryset, with `.public()` free of the restriction-table read
    while no restriction exists."""

    def private_q(self):
        if not any_restriction_exists():
            return Q(pk__in=[])
        return super().private_q()


def public_pages(queryset: PageQuerySet) -> PageQuerySet:
    """`queryset.public()`, adding nothing to the query (and reading no table)
    while no page on the site is restricted."""
    if not any_restriction_exists():
        return queryset
    return queryset.public()


def restriction_saved(sender, instance, raw=False, **kwargs):
    # Fixtures (raw saves) turn the flag on too: a restriction must never go
    # unchecked. Only the purge, which reads the page tree, waits for a real save.
    cache.set(FLAG_KEY, True, FLAG_TIMEOUT)
    forget(FLAG_KEY)
    if not raw:
        _purge_subtree(instance.page_id)


def restriction_deleted(sender, instance, **kwargs):
    transaction.on_commit(_clear_flag)
    _purge_subtree(instance.page_id)


def _clear_flag() -> None:
    cache.delete(FLAG_KEY)
    forget(FLAG_KEY)


def _purge_subtree(page_id: int) -> None:
    # Imported here: purges reach the task queue and the frontend-cache backends.
    from .purges import purge_pages_on_commit
    from .tree_cache import tree_changed_now_and_on_commit

    # Now as well as on commit: the rest of this transaction reads its own change.
    tree_changed_now_and_on_commit()

    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        purge_pages_on_commit(page.get_descendants(inclusive=True).live().specific())


def connect() -> None:
    post_save.connect(
        restriction_saved, sender=PageViewRestriction, dispatch_uid="restriction-flag"
    )
    post_delete.connect(
        restriction_deleted, sender=PageViewRestriction, dispatch_uid="restriction-flag"
    )
