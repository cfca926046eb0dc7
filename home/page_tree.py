"""A page's ancestors, read once per request.

The breadcrumb, its JSON-LD (base.html) and links to a parent page (a guide's index)
all need the same ancestors; `page.get_ancestors()` would query for each of them.
"""

from django.http import HttpRequest
from wagtail.models import Page


def ancestors_of(page: Page, request: HttpRequest | None) -> list[Page]:
    """`page.get_ancestors()` as a list, root first, shared by everything in one
    request (kept on the request, so a change to a parent shows on the next one)."""
    if not page.pk:  # the preview of a page never saved has no place in the tree
        return []
    if request is None:
        return list(page.get_ancestors())
    known: dict[int, list[Page]] = request.__dict__.setdefault("_page_ancestors", {})
    if page.pk not in known:
        known[page.pk] = list(page.get_ancestors())
    return known[page.pk]
