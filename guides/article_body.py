"""A live guide's or relief method's body blocks, kept rendered in each process.

Rendering the blocks of a guide's body (sanitized rich text, steps, questions,
method links and product cards) was about a fifth of an uncached guide. What they
show changes only in three ways, and each is part of the fragment's key:

- the page is published again: its live revision;
- a page, picture, snippet or the site settings the blocks read changes: the
  page-tree generation (`home/tree_cache.py`), which every such change replaces;
- a product the body shows gets a new price, stock badge or rating, which happens
  without a publish: each such product's card key (`ProductCardInfo.fragment_key`,
  the same values a product card is kept under).

The host is part of the key too, since a page of another site is linked with its
full address. Block templates read nothing else of the request (no user, form or
query string); the page template keeps them in `{% cache %}` under `body_key`, and
a preview or a page without a live revision renders them afresh. Each publish
starts a new generation, so a kept body lives ten minutes, as the tree cache's
per-page entries do: an old generation's bodies leave the process soon after it.
"""

from __future__ import annotations

from home.tree_cache import current_generation
from shop.catalogue.models import low_stock_threshold_for

from .products import CardProducts


def body_key(page, request, cards: CardProducts, product_ids: list[int]):
    """The key the page's rendered body is kept under, or None where it must be
    rendered afresh (a preview, an unsaved page or one never published)."""
    if (
        getattr(request, "is_preview", False)
        or not page.pk
        or not page.live_revision_id
    ):
        return None
    threshold = low_stock_threshold_for(request)
    return (
        page.pk,
        page.live_revision_id,
        request.get_host(),
        current_generation(),
        cards.fragment_keys(product_ids, threshold),
    )
