"""Loading what a page shows in a fixed number of queries, whatever it links to.

Page models call these from `get_context`, so their templates only read.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Model, prefetch_related_objects
from wagtail.models import Page


def select_related_into(page: Model, *names: str) -> None:
    """Fill several foreign keys of a saved page (author, reviewer, images) with one
    joined query, instead of one query each when a template first reads them.

    Keys already loaded, empty or (in a preview) changed since the last save are
    left as they are, so a preview still shows what the editor chose.
    """
    fields = [page._meta.get_field(name) for name in names]
    pending = [
        field
        for field in fields
        if getattr(page, field.attname) is not None and not field.is_cached(page)
    ]
    if not page.pk or not pending:
        return
    saved = (
        type(page)
        .objects.filter(pk=page.pk)
        .select_related(*(field.name for field in pending))
        .only(*(field.name for field in pending))
        .first()
    )
    if saved is None:
        return
    for field in pending:
        if getattr(saved, field.attname) == getattr(page, field.attname):
            field.set_cached_value(page, getattr(saved, field.name))


def prefetch_renditions(images: Iterable) -> None:
    """Load the renditions of every image a page shows in one query.

    Wagtail's `{% picture %}` and `get_rendition` read a prefetched `renditions`
    list instead of asking the rendition cache once per image.
    """
    pending = [
        image
        for image in images
        if image is not None
        and "renditions" not in getattr(image, "_prefetched_objects_cache", {})
    ]
    if pending:
        prefetch_related_objects(pending, "renditions")


def load_cards(pages: Iterable[Page | None]) -> dict[int, Page]:
    """The live pages among `pages` as cards (`includes/page_card.html`), by key.

    One query per page type plus one for their pages, then one per relation their
    cards read (`card_prefetch`, such as the hero image), whatever the number of
    cards. StreamFields are left unread: a card shows none.
    """
    ids = {page.pk for page in pages if page is not None}
    if not ids:
        return {}
    cards = list(Page.objects.filter(pk__in=ids).live().specific().defer_streamfields())
    # Types that share their card relations (guides and relief methods both read
    # `hero_image`, from one mixin) load them together.
    by_lookups: dict[tuple[str, ...], list[Model]] = defaultdict(list)
    for card in cards:
        by_lookups[tuple(getattr(card, "card_prefetch", ()))].append(card)
    for lookups, group in by_lookups.items():
        prefetch_related_objects(group, *lookups)
    return {card.pk: card for card in cards}
