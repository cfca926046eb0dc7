"""Backends for `wagtail.contrib.frontend_cache` (`WAGTAILFRONTENDCACHE` in settings).

Every purge in the project goes through Wagtail's frontend cache (`PurgeBatch`,
`purge_urls_from_cache`), so the same purges reach this site's own page cache and,
when configured beside it, Varnish or a CDN.

- `PageCacheBackend` forgets the URL in the Django page cache (home/page_cache.py).
- `RecordingBackend` keeps the purged URLs in memory, for tests to assert on
  (Wagtail's `DummyBackend` takes no configuration in 8.0.1).
"""

from urllib.parse import unquote, urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from . import page_cache


class PageCacheBackend(BaseBackend):
    """Purges the server-side page cache; the path alone identifies an entry."""

    def purge(self, url) -> None:
        page_cache.purge_path(unquote(urlsplit(url).path) or "/")


class RecordingBackend(BaseBackend):
    """Remembers every URL it is asked to purge, across instances (Wagtail builds
    a new backend object for each purge)."""

    purged: list[str] = []

    def purge(self, url) -> None:
        RecordingBackend.purged.append(url)

    @classmethod
    def reset(cls) -> None:
        cls.purged.clear()
