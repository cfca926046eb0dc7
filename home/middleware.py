"""The page cache and the cache headers of every response (rules in home/page_cache.py).

`PageCacheMiddleware` sits above the session, CSRF and GZip middleware, so it sees the
final headers (the `Vary: Cookie` the session adds, any cookie set) and stores the
compressed body.

Conditional GETs: `ConditionalGetMiddleware` (below GZip) gives every page an ETag,
a hash of its uncompressed HTML, and answers a matching `If-None-Match` with 304.
A page served from the cache carries the ETag it was stored with, and is answered
the same way here, so a reader's revalidation costs no body from either path.
"""

import logging

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, get_conditional_response
from django.utils.module_loading import import_string

from . import page_cache

logger = logging.getLogger(__name__)

CACHEABLE_METHODS = ("GET", "HEAD")


def signed_in(request: HttpRequest) -> bool:
    """Whether the request comes from a signed-in user, read without the user row.

    Decided before the view runs (from the session cookie) and after it (from
    `request.user` when the auth middleware has set it). A session that cannot be
    read counts as anonymous: only public pages are ever served from the cache.
    """
    user = getattr(request, "user", None)
    if user is not None:
        return bool(user.is_authenticated)
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return False
    engine = import_string(settings.SESSION_ENGINE)
    try:
        return SESSION_KEY in engine.SessionStore(session_key)
    except Exception:  # the session store being down must not take pages with it
        logger.warning("Session store unreadable; treating request as anonymous")
        return False


def _without_cookie_vary(response: HttpResponse) -> None:
    vary = [
        value.strip()
        for value in response.get("Vary", "").split(",")
        if value.strip() and value.strip().lower() != "cookie"
    ]
    if vary:
        response["Vary"] = ", ".join(vary)
    elif response.has_header("Vary"):
        del response["Vary"]


def _make_private(response: HttpResponse) -> None:
    del response["Cache-Control"]
    add_never_cache_headers(response)


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the page cache; set cache headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        eligible = request.method in CACHEABLE_METHODS and not signed_in(request)
        cache = page_cache.page_cache() if eligible else None
        key, entry, version = None, None, ""
        if cache is not None:
            key, entry, version = page_cache.lookup(cache, request)
            if entry is not None and page_cache.is_fresh(entry):
                hit = page_cache.as_response(entry, "HIT")
                answer = get_conditional_response(
                    request, etag=hit.get("ETag"), response=hit
                )
                answer["X-Cache"] = "HIT"
                return answer

        response = self.get_response(request)

        if entry is not None and response.status_code >= 500:
            # The page could not be rendered (the database is down, a bug): the last
            # good copy beats an error page, within the stale-if-error window.
            return page_cache.as_response(entry, "STALE")
        return self.apply_rules(request, response, cache, key, version)

    def apply_rules(self, request, response, cache, key, version="") -> HttpResponse:
        directives = page_cache.cache_control_directives(response)
        if "public" not in directives:
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
            response["X-Cache"] = "PASS"
            return response
        if response.status_code == 304 and not signed_in(request):
            # "Not modified" for an anonymous reader: the public headers stand
            # (ConditionalGetMiddleware copied them), there is no body to store.
            _without_cookie_vary(response)
            response["X-Cache"] = "MISS"
            return response
        if (
            request.method not in CACHEABLE_METHODS
            or response.status_code != 200
            or signed_in(request)
        ):
            _make_private(response)
            response["X-Cache"] = "PASS"
            return response
        if response.cookies:
            logger.error(
                "%s is public but sets cookies %s; sent private instead",
                request.path,
                sorted(response.cookies),
            )
            _make_private(response)
            response["X-Cache"] = "PASS"
            return response
        _without_cookie_vary(response)
        response["X-Cache"] = "MISS"
        if cache is not None and request.method == "GET" and not response.streaming:
            s_maxage = int(directives.get("s-maxage") or 0)
            if s_maxage > 0:
                page_cache.store(cache, key, response, s_maxage, version)
        return response
