"""The public endpoint behind `static/js/attribution.js`: one product view reached
from a page of this site.

Product views are reported by that small script on product pages because the page
HTML is cached, so the server cannot count them while rendering. Only daily sums per
page are stored (counters.py); nothing identifies a visitor.
"""

import json
from urllib.parse import urlsplit

from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.models import Page, Site

from home.request_numbers import parse_id
from shop.cart.services import creditable_pages, posted_page

from .counters import bump

MAX_BODY = 2048


def page_for_path(request, path: str) -> Page | None:
    """The live page of this site at `path` (a same-site referrer's path)."""
    site = Site.find_for_request(request)
    if site is None or not path.startswith("/"):
        return None
    path = path if path.endswith("/") else path + "/"
    url_path = site.root_page.url_path + path.lstrip("/")
    return creditable_pages().filter(url_path=url_path).first()


@csrf_exempt  # a counter of sums, no state of the visitor's; same-origin is checked
@require_POST
def product_view(request):
    """`{"product": <page id>, "from": "<referrer URL>", "last_content": <page id>}`
    → count one product view for the last content page the reader's tab recorded,
    else for the referring page; product pages are never credited. Answers the
    credited page's id."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.get_host():
        return HttpResponseBadRequest("cross-site")
    if len(request.body) > MAX_BODY:
        return HttpResponseBadRequest("too large")
    try:
        data = json.loads(request.body or b"{}")
        product_id = parse_id(data.get("product"))
        referrer = urlsplit(str(data.get("from", "")))
    except (ValueError, TypeError, AttributeError):
        return HttpResponseBadRequest("bad request")
    if product_id is None:
        return HttpResponseBadRequest("bad request")
    if referrer.netloc and referrer.netloc != request.get_host():
        return JsonResponse({"source_page": None})
    source = posted_page(data.get("last_content")) or page_for_path(
        request, referrer.path or ""
    )
    if source is None or source.pk == product_id:
        return JsonResponse({"source_page": None})
    if not Page.objects.live().filter(pk=product_id).exists():
        return JsonResponse({"source_page": None})
    bump(source.pk, "product_views")
    return JsonResponse({"source_page": source.pk})
