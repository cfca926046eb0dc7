"""Extension points of the site shell, filled in by the apps above it.

`home` is the bottom layer: it must not import the shop or the guides, not even by
app label. Apps that want a place in site-wide features register it here from their
`AppConfig.ready()`:

- `register_search_kind`: a group of site-search results (guides, methods, products);
  groups appear in registration order, which follows INSTALLED_APPS.
- `register_search_suggestions`: what a search without results suggests instead.
- `register_visitor_field`: a per-visitor value for `/visitor.json` (the cart count),
  so cached pages stay identical for every reader.
- `register_csrf_failure_handler`: a view for posts of one form that failed the CSRF
  check (a cached page read without JavaScript carries someone else's token), so it
  can show the reader's input again with their own token instead of a bare 403.
- `register_signpost`: a pointer to a site-wide tool (the relief finder) that the
  home page hero, the empty search and pages of upper apps show
  (`{% include "includes/signposts.html" %}`).
- `register_shop_window`: what the home page's "featured products" row (editors
  pick the products, `home.blocks.FeaturedProductsBlock`) may choose and how it
  shows them; the catalogue fills it. Without it the row offers any page and
  shows nothing.
- `register_footer_section`: a template the site footer includes on every page (the
  newsletter sign-up box). It is rendered into cached pages, so it must be the same
  for every reader and cost no query.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class SearchKind:
    """One group of search results: which page types it holds and how it is labelled."""

    key: str
    heading: str
    label: str
    css: str
    models: tuple[type, ...]
    # How one hit of this kind is shown; an app may give its own (products show
    # their picture, price and stock, as their cards do).
    result_template: str = "search/includes/result.html"
    # How the hits shown on one page of results are fetched, given their ids (any
    # order; pages not returned are skipped). Default: `.specific()` pages. The
    # catalogue loads products with their price, stock and picture in bulk.
    load: Callable[[list[int]], Iterable[Any]] | None = None

    def page_models(self) -> list[type]:
        return list(self.models)


OTHER_KIND = SearchKind("pages", "Other pages", "Page", "page", ())

_search_kinds: dict[str, SearchKind] = {}
_search_suggestions: list[Callable[[int], list[Any]]] = []
_visitor_fields: dict[str, Callable[[HttpRequest], Any]] = {}
_signposts: list[Callable[[], Signpost | None]] = []
_shop_window: list[ShopWindow] = []
_csrf_failure_handlers: list[
    tuple[Callable[[HttpRequest], bool], Callable[[HttpRequest, str], Any]]
] = []
_footer_sections: list[str] = []


@dataclass(frozen=True)
class Signpost:
    """A pointer to a tool: a title, one sentence and where the link goes."""

    title: str
    text: str
    url: str
    link_text: str


def register_search_kind(kind: SearchKind) -> None:
    """Add (or replace, by key) a group of site-search results."""
    _search_kinds[kind.key] = kind


def search_kinds() -> list[SearchKind]:
    return list(_search_kinds.values())


def register_search_suggestions(provider: Callable[[int], list[Any]]) -> None:
    """`provider(limit)` returns pages to suggest when a search finds nothing."""
    if provider not in _search_suggestions:
        _search_suggestions.append(provider)


def search_suggestions(limit: int) -> list[Any]:
    for provider in _search_suggestions:
        pages = provider(limit)
        if pages:
            return pages
    return []


def register_visitor_field(name: str, provider: Callable[[HttpRequest], Any]) -> None:
    """`provider(request)` fills `name` in the per-visitor state."""
    _visitor_fields[name] = provider


def visitor_fields(request: HttpRequest) -> dict[str, Any]:
    return {name: provider(request) for name, provider in _visitor_fields.items()}


def register_signpost(provider: Callable[[], Signpost | None]) -> None:
    """`provider()` returns the signpost, or None while its tool is not live."""
    if provider not in _signposts:
        _signposts.append(provider)


def signposts() -> list[Signpost]:
    return [post for post in (provider() for provider in _signposts) if post]


@dataclass(frozen=True)
class ShopWindow:
    """Things to buy as the home page features them.

    `page_models`: the page types editors may choose; `card_template`: the card each
    is shown with (its context gets `product`) and `stylesheet` the static file
    that styles it; `load(ids)`: the card-ready pages for the chosen ids, in the
    editors' order, leaving out what is not for sale.
    """

    page_models: tuple[type, ...]
    card_template: str
    stylesheet: str
    load: Callable[[list[int]], list[Any]]


def register_shop_window(window: ShopWindow) -> None:
    """Set (or replace) what the featured-products row chooses and shows."""
    _shop_window[:] = [window]


def shop_window() -> ShopWindow | None:
    return _shop_window[0] if _shop_window else None


def register_csrf_failure_handler(
    matches: Callable[[HttpRequest], bool],
    handler: Callable[[HttpRequest, str], Any],
) -> None:
    """`handler(request, reason)` answers CSRF failures of requests `matches` accepts.

    The handler must change nothing: it only shows the form again for one more click.
    """
    if (matches, handler) not in _csrf_failure_handlers:
        _csrf_failure_handlers.append((matches, handler))


def csrf_failure_handler(
    request: HttpRequest,
) -> Callable[[HttpRequest, str], Any] | None:
    for matches, handler in _csrf_failure_handlers:
        if matches(request):
            return handler
    return None


def register_footer_section(template_name: str) -> None:
    """Include `template_name` in the site footer (once, in registration order)."""
    if template_name not in _footer_sections:
        _footer_sections.append(template_name)


def footer_sections() -> list[str]:
    return list(_footer_sections)
