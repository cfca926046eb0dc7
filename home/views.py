"""Site-wide views: health check, per-visitor state for cached pages, site search."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Page

from shop.cart.services import count_items

SEARCH_PAGE_SIZE = 10
SEARCH_MAX_QUERY_LENGTH = 200


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


@never_cache
@require_GET
def visitor_state(request: HttpRequest) -> JsonResponse:
    """What differs per visitor on otherwise cacheable pages: cart count and messages.

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
            "cart_count": count_items(request),
            "messages": flashed,
            "authenticated": request.user.is_authenticated,
        }
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Site search over live pages, paginated."""
    query = request.GET.get("q", "").strip()[:SEARCH_MAX_QUERY_LENGTH]
    results = Page.objects.none()
    if query:
        results = Page.objects.live().public().specific().search(query)
    paginator = Paginator(results, SEARCH_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "search/search.html",
        {
            "search_query": query,
            "search_querystring": urlencode({"q": query}),
            "search_results": page,
            "paginator": paginator,
        },
    )
