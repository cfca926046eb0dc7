"""What to purge when content changes: the page and every page that shows it.

A page is shown by its own URL, by its ancestors (indexes, listings and categories
list their children; the home page features them), by every live page that refers
to it (Wagtail's reference index: product cards in guide bodies, a method's product
links, the home page's featured rows) and by site search. Purges are collected into
Wagtail's `PurgeBatch` (each page's `get_cached_paths`) and sent after the
transaction commits, through Wagtail's purge task, so they run in the background
when a task worker is configured and never purge a change that rolled back.

Apps above `home` call `purge_pages_on_commit` for changes the page tree cannot see
(a stock badge flipping, a price): see shop/catalogue/signals.py.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Page, ReferenceIndex, Site

logger = logging.getLogger(__name__)


def pages_showing(pages: Iterable[Page]) -> list[Page]:
    """`pages`, their ancestors below the tree root, and live pages referring to
    them. Three queries whatever the number of pages."""
    pages = [page for page in pages if page.pk is not None]
    if not pages:
        return []
    ids = {page.pk for page in pages}
    ancestor_paths = {
        page.path[:end]
        for page in pages
        for end in range(Page.steplen * 2, len(page.path), Page.steplen)
    }
    page_type = ContentType.objects.get_for_model(Page)
    referring = ReferenceIndex.objects.filter(
        base_content_type=page_type,
        to_content_type=page_type,
        to_object_id__in=[str(pk) for pk in ids],
    ).values_list("object_id", flat=True)
    live = Page.objects.live()
    related = live.filter(path__in=ancestor_paths) | live.filter(
        pk__in=[int(pk) for pk in referring]
    )
    shown = {page.pk: page for page in pages}
    for page in related.exclude(pk__in=ids):
        shown.setdefault(page.pk, page)
    return list(shown.values())


def search_urls() -> set[str]:
    """Site search on every site (its results list pages)."""
    roots = {site.root_url for site in Site.objects.all()}
    path = reverse("search")
    return {root.rstrip("/") + path for root in roots}


def purge_batch(pages: Iterable[Page]) -> PurgeBatch:
    pages = list(pages)
    batch = PurgeBatch()
    batch.add_pages(pages_showing(pages))
    if pages:
        batch.add_urls(search_urls())
    return batch


def purge_urls_on_commit(urls: Iterable[str]) -> None:
    """Purge exact URLs once the current transaction commits."""
    batch = PurgeBatch(list(urls))
    if batch.urls:
        transaction.on_commit(batch.purge)


def purge_pages_on_commit(pages: Iterable[Page]) -> None:
    """Purge these pages and every page that shows them, worked out and sent after
    the transaction commits (so a rolled-back change costs nothing)."""
    pages = list(pages)
    transaction.on_commit(lambda: purge_batch(pages).purge())


def purge_pages_where_they_are(pages: Iterable[Page]) -> None:
    """Like `purge_pages_on_commit`, but the URLs are worked out now, while the pages
    are still where they were (before a move or a delete)."""
    purge_urls_on_commit(purge_batch(pages).urls)


def purge_site_on_commit() -> None:
    """Every live page: a site-wide value (footer, shipping threshold) changed."""
    transaction.on_commit(
        lambda: purge_batch(Page.objects.live().filter(depth__gt=1)).purge()
    )
