"""The site, its home page and its settings for a page request, from the tree cache.

Every page Wagtail serves starts with the same three queries: the `Site` for the
request's host (with its root page row), the root page's specific object (the home
page, whose `route` finds the page asked for) and, for any page that shows a price or
a stock badge, the site's `SiteSettings`; its first link then reads the site root
paths from the cache. All of it changes only when an editor saves a site, a home page
or the settings, so `CachedSiteMiddleware` keeps it together in one tree-cache entry
(`home/tree_cache.py`) per host and port and hands it to Wagtail through the
attributes Wagtail itself reads first (`Site.find_for_request`,
`BaseSiteSetting.for_request` and page URLs keep their answers on the request).

Each request gets its own unpickled copy, so nothing a page does to these objects
leaks into another request. Saving or deleting a site, a home page or the settings
starts a new generation (`forget_site_lookups`, `page_saved`): at once, so the same
transaction reads its own writes, and again on commit, so no reader keeps the old
rows under the new generation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest
from django.http.request import split_domain_port
from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from .models import SiteSettings
from .tree_cache import tree_cached, tree_changed_now_and_on_commit

# Part of the cache key: change it whenever SiteLookup changes shape, so a deploy
# never unpickles an entry an older release stored.
LOOKUP_VERSION = 2


@dataclass
class SiteLookup:
    """What every page request of one host reads before routing."""

    site: Site | None
    settings: SiteSettings | None
    root_paths: list


def _look_up(request: HttpRequest) -> SiteLookup:
    site = Site._find_for_request(request)
    root_paths = Site.get_site_root_paths()
    if site is None:
        return SiteLookup(None, None, root_paths)
    # The root page as its specific object, so `root_page.specific` costs nothing.
    site.root_page = site.root_page.specific
    return SiteLookup(site, SiteSettings.for_site(site), root_paths)


def site_lookup(request: HttpRequest) -> SiteLookup:
    """The request's site (its root page specific) and settings, cached per host."""
    hostname = split_domain_port(request.get_host())[0]
    port = request.get_port()
    return tree_cached(
        f"site:{LOOKUP_VERSION}:{hostname}:{port}", lambda: _look_up(request)
    )


class CachedSiteMiddleware:
    """Give Wagtail's page view the cached site and settings (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Only page views: other views (the cart, the visitor endpoint, a trivial
        # health check) may not need the site at all and should not pay for it.
        if view_func is not wagtail_views.serve or hasattr(request, "_wagtail_site"):
            return None
        lookup = site_lookup(request)
        request._wagtail_site = lookup.site
        request._wagtail_cached_site_root_paths = lookup.root_paths
        if lookup.settings is not None:
            lookup.settings._request = request  # as `for_request` does
            setattr(request, SiteSettings.get_cache_attr_name(), lookup.settings)
        return None


def forget_site_lookups(sender, created=False, **kwargs) -> None:
    # Settings rows are created with their defaults the first time a page reads
    # them, inside the lookup itself: no reader has seen anything change.
    if sender is SiteSettings and created:
        return
    tree_changed_now_and_on_commit()


def page_saved(sender, instance, **kwargs) -> None:
    """A site's root page saved (any page type, through any of its models)."""
    if isinstance(instance, Page) and (
        instance.depth <= 2 or Site.objects.filter(root_page_id=instance.pk).exists()
    ):
        tree_changed_now_and_on_commit()


def connect() -> None:
    for model in (Site, SiteSettings):
        post_save.connect(
            forget_site_lookups, sender=model, dispatch_uid=f"site-lookup-{model}"
        )
        post_delete.connect(
            forget_site_lookups, sender=model, dispatch_uid=f"site-lookup-del-{model}"
        )
    post_save.connect(page_saved, dispatch_uid="site-lookup-root-page")
