"""Which responses may be cached, and the server-side page cache that keeps them.

A response opts in by saying so in its own headers: `Cache-Control: public` with an
`s-maxage` (`public_cache` for a view, `CachedPageMixin` for a Wagtail page type, or
any view that sets the header itself, like the relief finder). Nothing else is ever
stored, so a new view needs no central list. `PageCacheMiddleware` (home/middleware.py)
enforces the rules for every response:

- signed-in users and requests other than GET/HEAD are never served from the cache,
  and a public response to them becomes `private, no-store` (the page carries the
  Wagtail user bar);
- a public response that sets a cookie is a bug: it is downgraded and never stored;
- a public response for an anonymous reader loses `Vary: Cookie`, since every
  anonymous reader gets the same HTML (per-visitor bits come from /visitor.json);
- everything that did not opt in gets `private, no-store`.

The cache is a Django cache alias (`PAGE_CACHE_ALIAS`, Redis in production). Entries
are keyed on the path, so a purge of a URL (home/frontend_cache.py) is exact; every
query-string variant of a path (filtered listings, search) shares a version token
that the same purge replaces.
"""

from __future__ import annotations

import functools
import time
import uuid
from hashlib import sha1

from django.conf import settings
from django.core.cache import InvalidCacheBackendError, caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from wagtail.models import PageViewRestriction

from .tree_cache import serving_readers
from .view_restrictions import ViewRestrictionsMixin

# Exact purges make a long shared lifetime safe; the stale windows let a proxy (and
# this cache) answer while the page is re-rendered or the database is unreachable.
DEFAULT_S_MAXAGE = 60 * 60
STALE_WHILE_REVALIDATE = 60
STALE_IF_ERROR = 60 * 60 * 24


def mark_public(response: HttpResponse, s_maxage: int = DEFAULT_S_MAXAGE) -> None:
    """Declare `response` the same for every anonymous reader, cacheable by shared
    caches for `s_maxage` seconds. Browsers revalidate (`max-age=0`), so a reader who
    signs in never sees their own stale anonymous copy."""
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=s_maxage,
        stale_while_revalidate=STALE_WHILE_REVALIDATE,
        stale_if_error=STALE_IF_ERROR,
    )


def public_cache(view=None, *, s_maxage: int = DEFAULT_S_MAXAGE):
    """View decorator: successful GET responses are public (see `mark_public`)."""

    def decorate(view_func):
        @functools.wraps(view_func)
        def wrapped(request, *args, **kwargs):
            response = view_func(request, *args, **kwargs)
            if request.method in ("GET", "HEAD") and response.status_code == 200:
                mark_public(response, s_maxage)
            return response

        return wrapped

    return decorate(view) if view is not None else decorate


class CachedPageMixin(ViewRestrictionsMixin):
    """For Wagtail page types whose live version is the same for every anonymous
    reader.

    A page under a view restriction is served only to those who passed it (Wagtail's
    `before_serve_page` check runs first): signed-in users for login and group
    restrictions, whose responses the middleware keeps private anyway, or visitors
    whose session holds a passed shared password, who get private copies here. So no
    query is needed to keep restricted pages out of shared caches. While no page on
    the site is restricted, that check itself costs no query (home/view_restrictions).
    """

    cache_s_maxage = DEFAULT_S_MAXAGE

    def serve(self, request, *args, **kwargs):
        with serving_readers():
            response = super().serve(request, *args, **kwargs)  # type: ignore[misc]
        passed_a_password = request.session.get(
            PageViewRestriction.passed_view_restrictions_session_key
        )
        if response.status_code == 200 and not passed_a_password:
            mark_public(response, self.cache_s_maxage)
        return response


def cache_control_directives(response: HttpResponse) -> dict[str, str]:
    """`Cache-Control` as {directive: value}, lower-cased ("" for bare directives)."""
    directives = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip()
    return directives


# --- storage -----------------------------------------------------------------------


def page_cache():
    """The cache alias pages are kept in, or None when this profile has none."""
    alias = getattr(settings, "PAGE_CACHE_ALIAS", None)
    if not alias:
        return None
    try:
        return caches[alias]
    except InvalidCacheBackendError:
        return None


def _path_id(path: str) -> str:
    return sha1(path.encode(), usedforsecurity=False).hexdigest()


def _version_key(path: str) -> str:
    return f"page:v:{_path_id(path)}"


def _entry_key(path: str, query: str, encoding: str) -> str:
    key = f"page:{encoding}:{_path_id(path)}"
    if query:
        key += f":{sha1(query.encode(), usedforsecurity=False).hexdigest()}"
    return key


def _encoding(request: HttpRequest) -> str:
    """GZipMiddleware sits below the page cache, so stored bodies are compressed
    or not depending on what the reader accepts."""
    return "gz" if "gzip" in request.headers.get("Accept-Encoding", "") else "id"


def lookup(cache, request: HttpRequest) -> tuple[str, dict | None, str]:
    """This request's entry key, its stored entry (None when there is none, or it
    was stored before its path was last purged) and the path's purge version.

    One cache round trip either way: a URL with a query string reads its entry and
    its path's version together, and the entry says which version it was stored
    under (`purge_path` replaces the version, orphaning every query variant).
    """
    query = request.META.get("QUERY_STRING", "")
    key = _entry_key(request.path, query, _encoding(request))
    if not query:
        return key, cache.get(key), ""
    version_key = _version_key(request.path)
    found = cache.get_many([key, version_key])
    version = found.get(version_key) or "0"
    entry = found.get(key)
    if entry is not None and entry.get("version") != version:
        entry = None
    return key, entry, version


def store(
    cache, key: str, response: HttpResponse, s_maxage: int, version: str = ""
) -> None:
    """Keep a rendered response, past its freshness for as long as it may be served
    stale on error, under the purge version its path had when it was looked up (a
    purge during the render leaves it stale at once)."""
    entry = {
        "version": version,
        "status": response.status_code,
        "headers": [
            (name, value)
            for name, value in response.items()
            if name.lower() not in ("x-cache", "age")
        ],
        "content": response.content,
        "stored": time.time(),
        "fresh_for": s_maxage,
    }
    cache.set(key, entry, s_maxage + STALE_IF_ERROR)


def as_response(entry: dict, state: str) -> HttpResponse:
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    response["Age"] = str(int(entry_age(entry)))
    response["X-Cache"] = state
    return response


def entry_age(entry: dict) -> float:
    return max(time.time() - entry["stored"], 0.0)


def is_fresh(entry: dict) -> bool:
    return entry_age(entry) < entry["fresh_for"]


def purge_path(path: str) -> None:
    """Forget every stored variant of `path`: both encodings, every query string."""
    cache = page_cache()
    if cache is None:
        return
    cache.delete_many([_entry_key(path, "", encoding) for encoding in ("gz", "id")])
    cache.set(_version_key(path), uuid.uuid4().hex, None)
