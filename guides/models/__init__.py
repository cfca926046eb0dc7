"""Guides: cause articles, relief-method pages and the taxonomy that links them.

The knowledge graph a reader walks: a guide covers causes and body areas and
recommends relief methods; a relief method addresses causes and names the products
that suit it. Products never know about guides: the shop shows the guides' links
through its extension points, which `guides/shop_extensions.py` fills.

Split by topic; everything is importable from `guides.models` as before:

- `taxonomy`: Contributor, Cause
- `common`: ArticlePageMixin and helpers shared by the page types
- `relief`: ReliefMethodIndexPage, ReliefMethodPage, ReliefMethodProduct
- `guides`: GuideIndexPage, GuidePage and its inline rows
"""

from .common import (
    NEWEST_FIRST,
    SLUG_PATTERN,
    ArticlePageMixin,
    collect_pages,
    live_links,
    resolve_slug,
)
from .guides import (
    GUIDES_PER_PAGE,
    WORDS_PER_MINUTE,
    GuideIndexPage,
    GuidePage,
    GuideReliefMethod,
    GuideSource,
    PopularGuide,
    RelatedGuide,
    guide_index_url,
)
from .relief import (
    ReliefMethodIndexPage,
    ReliefMethodPage,
    ReliefMethodProduct,
    ReliefMethodSource,
    prime_stream_pages,
)
from .taxonomy import Cause, Contributor

__all__ = [
    "GUIDES_PER_PAGE",
    "NEWEST_FIRST",
    "SLUG_PATTERN",
    "WORDS_PER_MINUTE",
    "ArticlePageMixin",
    "Cause",
    "Contributor",
    "GuideIndexPage",
    "GuidePage",
    "GuideReliefMethod",
    "GuideSource",
    "PopularGuide",
    "RelatedGuide",
    "ReliefMethodIndexPage",
    "ReliefMethodPage",
    "ReliefMethodProduct",
    "ReliefMethodSource",
    "collect_pages",
    "guide_index_url",
    "live_links",
    "prime_stream_pages",
    "resolve_slug",
]
