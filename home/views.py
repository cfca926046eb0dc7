"""Site-wide views: health check, per-visitor state for cached pages, site search."""

import re
import sys

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.defaults import server_error as django_server_error
from wagtail.models import Page

from .extensions import (
    OTHER_KIND,
    SearchKind,
    search_kinds,
    search_suggestions,
    visitor_fields,
)
from .outage import is_outage, outage_response
from .page_cache import public_cache
from .tree_cache import tree_cached_frozenset
from .view_restrictions import public_pages

SEARCH_PAGE_SIZE = 10
SEARCH_MAX_QUERY_LENGTH = 200
QUERY_NOISE = re.compile(r"[^\w\s-]|[\x00-\x1f\x7f_]")


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read everything public; the admin and the shopper's own pages
    (cart, checkout, order links) are not for search results."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /cart/",
        "Disallow: /checkout/",
        "Disallow: /orders/",
        "Disallow: /order-link/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with {"status": "ok"} when the database answers a query, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the designed 503 when the error was the database going away
    (raised outside a view, e.g. by session middleware), else Django's 500 page.

    Django calls it while handling the exception, so `sys.exc_info()` holds it.
    """
    if is_outage(sys.exc_info()[1]):
        return outage_response()
    return django_server_error(request)


@never_cache
@require_GET
def visitor_state(request: HttpRequest) -> JsonResponse:
    """What differs per visitor on otherwise cacheable pages: messages, and what the
    apps register (the cart count; see `home.extensions`).

    Public pages are rendered identically for every anonymous reader so they can be
    cached whole; a few lines of JavaScript (static/js/site.js) fetch this endpoint and
    fill in the header's cart count and any flash messages.
    """
    # Issuing the CSRF cookie lets forms on cached pages carry this visitor's token.
    get_token(request)
    flashed = [
        {"level": message.level_tag, "text": str(message)}
        for message in messages.get_messages(request)
    ]
    return JsonResponse(
        {
            **visitor_fields(request),
            "messages": flashed,
            "authenticated": request.user.is_authenticated,
        }
    )


GROUP_PREVIEW_SIZE = 4
POPULAR_GUIDES = 4


def clean_query(raw: str) -> str:
    """The reader's words only: punctuation, quotes and control characters become
    spaces, so no input can form search-engine syntax (SQLite FTS5 rejects stray
    quotes and asterisks) or reach PostgreSQL with a NUL byte."""
    words = QUERY_NOISE.sub(" ", raw[: SEARCH_MAX_QUERY_LENGTH * 2])
    return " ".join(words.split())[:SEARCH_MAX_QUERY_LENGTH]


def visible_page_ids() -> frozenset[int]:
    """Ids of every live, public page: what search may show. Kept until the page
    tree next changes, as a publish, an unpublish, a deletion and a view
    restriction each start a new generation (`home/tree_cache.py`)."""
    return tree_cached_frozenset(
        "search:visible-pages", lambda: frozenset(_live_public_pages())
    )


def _live_public_pages():
    # `public_pages`: Wagtail's `Page.objects.public()` reads every view
    # restriction first, even while the site has none.
    return public_pages(Page.objects.live()).values_list("pk", flat=True)


def ranked_hits(query: str) -> dict[SearchKind, list[int]]:
    """Ids of live, public pages matching the query, best first, by kind.

    One ranked search over every page (one query, home/search_backend.py), checked
    against the visible pages' ids and split by content type, so the grouped
    overview costs what one group would.
    """
    matches = (
        public_pages(Page.objects.live())
        .search(query)
        .ranked_matches(known_ids=visible_page_ids())
    )
    kinds = [*search_kinds(), OTHER_KIND]
    # Grouped through each content type's own list: a match costs one dict lookup
    # of an int, not the hash of a SearchKind (a common word matches thousands).
    ids_by_kind: list[list[int]] = [[] for _ in kinds]
    ids_by_type = {
        content_type.pk: ids_by_kind[index]
        for index, kind in enumerate(kinds[:-1])
        for content_type in ContentType.objects.get_for_models(
            *kind.page_models(), for_concrete_models=False
        ).values()
    }
    other = ids_by_kind[-1]
    for pk, content_type in matches:
        ids_by_type.get(content_type, other).append(pk)
    return {kind: ids for kind, ids in zip(kinds, ids_by_kind, strict=True) if ids}


def load_hits(kind: SearchKind, ids: list[int]) -> list:
    """The pages for these ids, in this order, as the kind's results show them."""
    if kind.load is not None:
        pages = kind.load(ids)
    else:
        pages = Page.objects.filter(pk__in=ids).specific()
    by_pk = {page.pk: page for page in pages}
    return [by_pk[pk] for pk in ids if pk in by_pk]


@require_GET
@public_cache
def search(request: HttpRequest) -> HttpResponse:
    """Site search over live pages, grouped by kind (guides, methods, products).

    Without `kind`, each group shows its best few matches with a link to see all of
    them; with `kind`, one group is paginated. When nothing matches, the page suggests
    popular guides (registered by the guides app) instead of a dead end.
    """
    query = clean_query(request.GET.get("q", ""))
    all_kinds = [*search_kinds(), OTHER_KIND]
    selected = next(
        (kind for kind in all_kinds if kind.key == request.GET.get("kind")), None
    )
    context = {
        "search_query": query,
        "search_kinds": all_kinds,
        "selected_kind": selected,
        "groups": [],
        "total": 0,
        "search_results": None,
        "paginator": None,
    }
    if query:
        hits = ranked_hits(query)
        for kind in all_kinds:
            ids = hits.get(kind, [])
            context["total"] += len(ids)
            if ids:
                context["groups"].append(
                    {
                        "kind": kind,
                        "count": len(ids),
                        "results": load_hits(kind, ids[:GROUP_PREVIEW_SIZE]),
                        "more_querystring": urlencode({"q": query, "kind": kind.key}),
                    }
                )
        if selected is not None:
            # Paginating ids is free; only the hits on the page asked for are loaded,
            # so `?page=200` costs what the first page does.
            paginator = Paginator(hits.get(selected, []), SEARCH_PAGE_SIZE)
            results = paginator.get_page(request.GET.get("page"))
            results.object_list = load_hits(selected, list(results.object_list))
            context["paginator"] = paginator
            context["search_results"] = results
    context["search_querystring"] = urlencode(
        {"q": query, **({"kind": selected.key} if selected else {})}
    )
    if not context["total"]:
        context["popular_guides"] = search_suggestions(POPULAR_GUIDES)
    return render(request, "search/search.html", context)
