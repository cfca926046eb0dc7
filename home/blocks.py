"""Blocks for the home page: editor-chosen showcases of guides, methods and products."""

import copy

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.models import Page
from wagtail.snippets.blocks import SnippetChooserBlock

from .extensions import shop_window
from .prefetch import load_cards
from .tree_cache import (
    changes_with_the_tree_registered,
    is_serving_readers,
    tree_cached_many,
)

#: Part of the tree-cache key of chosen rows: change it when what is kept changes.
CHOSEN_VERSION = 1
_MISSING = "missing"  # kept for a chosen row that no longer exists


class KeptChooserMixin:
    """For chooser blocks: while a live page is served to readers, the chosen rows
    come from the tree cache (`home/tree_cache.py`), one entry per row shared by
    every block that chose it, instead of one query per block type and page view.

    For rows whose shown fields change only with the page tree: pages (published,
    unpublished, moved or deleted) and the models registered with
    `changes_with_the_tree`. The admin and previews read them afresh, as Wagtail's
    choosers do, since they show draft fields too. A model may define
    `prepare_chosen(rows)` to load, once, what its links show (a picture, say),
    which is then kept with the rows.
    """

    def bulk_to_python(self, values):
        if not is_serving_readers():
            return super().bulk_to_python(values)
        model = self.model_class
        prefix = f"chosen:{CHOSEN_VERSION}:{model._meta.label_lower}"
        kept = tree_cached_many(
            prefix, [pk for pk in values if pk is not None], self._load_chosen
        )
        chosen, seen = [], set()
        for pk in values:
            row = kept.get(pk) if pk is not None else None
            if row == _MISSING:
                row = None
            if row is not None and pk in seen:
                row = copy.copy(row)  # as Wagtail's: one instance per use
            chosen.append(row)
            seen.add(pk)
        return chosen

    def chosen_queryset(self, pks):
        return self.model_class.objects.filter(pk__in=pks)

    def _load_chosen(self, pks):
        rows = list(self.chosen_queryset(pks))
        prepare = getattr(self.model_class, "prepare_chosen", None)
        if prepare is not None and rows:
            prepare(rows)
        found = {str(row.pk): row for row in rows}
        return {pk: found.get(str(pk), _MISSING) for pk in pks}


class KeptPageChooserBlock(KeptChooserMixin, blocks.PageChooserBlock):
    """Wagtail's page chooser, its pages kept with the tree (`KeptChooserMixin`).
    Their StreamFields are left unread: a link or a card shows none."""

    def chosen_queryset(self, pks):
        return super().chosen_queryset(pks).defer_streamfields()


class KeptSnippetChooserBlock(KeptChooserMixin, SnippetChooserBlock):
    """Wagtail's snippet chooser, for a snippet model registered with
    `changes_with_the_tree`, its rows kept with the tree (`KeptChooserMixin`)."""

    def _load_chosen(self, pks):
        if not changes_with_the_tree_registered(self.model_class):
            raise ImproperlyConfigured(
                f"{self.model_class._meta.label} is not registered with "
                "changes_with_the_tree, so kept rows would go stale."
            )
        return super()._load_chosen(pks)


class FeaturedPagesBlock(blocks.StructBlock):
    """A titled row of cards for pages an editor picks (guides, methods, products).

    Any page type can be featured; it renders through its own `card_*` attributes
    when it has them (see templates/includes/page_card.html), so later page types
    need no change here.
    """

    heading = blocks.CharBlock(max_length=80)
    intro = blocks.TextBlock(required=False, max_length=300)
    pages = blocks.ListBlock(KeptPageChooserBlock(), min_num=1, max_num=8)
    link_page = KeptPageChooserBlock(
        required=False,
        help_text="Optional 'see all' link, for example the guide index.",
    )
    link_text = blocks.CharBlock(required=False, max_length=40, default="See all")

    class Meta:
        icon = "list-ul"
        template = "blocks/featured_pages.html"
        label = "Featured pages"
        preview_value = {
            "heading": "Start here",
            "intro": "Three short reads for the most common cramps.",
        }

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        pages = [page for page in value["pages"] if page is not None]
        # The home page loads the cards of all its rows at once; elsewhere (an
        # admin preview) the row loads its own.
        loaded = (parent_context or {}).get("featured_cards")
        if loaded is None or any(page.pk not in loaded for page in pages if page.live):
            loaded = load_cards(pages)
        context["cards"] = [loaded[page.pk] for page in pages if page.pk in loaded]
        return context


class ShopWindowChooserBlock(KeptPageChooserBlock):
    """A page chooser limited to what the shop window sells (product pages).

    The page types come from `home.extensions.register_shop_window` when the form
    or the page is built, so home names no shop model; without a shop window any
    page may be chosen.
    """

    @property
    def target_models(self):
        window = shop_window()
        return list(window.page_models) if window else [Page]

    @property
    def target_model(self):
        models = self.target_models
        return models[0] if len(models) == 1 else Page

    @cached_property
    def widget(self):
        from wagtail.admin.widgets import AdminPageChooser

        return AdminPageChooser(target_models=self.target_models)


class FeaturedProductsBlock(blocks.StructBlock):
    """A titled row of product cards the editors pick ("Tools readers reach for").

    Shown with the shop's own product card (price, stock badge, add to cart);
    products that are unpublished or have nothing to sell drop out by themselves.
    """

    heading = blocks.CharBlock(max_length=80, default="Tools readers reach for")
    intro = blocks.TextBlock(required=False, max_length=300)
    products = blocks.ListBlock(ShopWindowChooserBlock(), min_num=1, max_num=8)
    link_page = KeptPageChooserBlock(
        required=False, help_text="Optional 'see all' link, for example the shop."
    )
    link_text = blocks.CharBlock(required=False, max_length=40, default="See all")

    class Meta:
        icon = "pick"
        template = "blocks/featured_products.html"
        label = "Featured products"
        preview_value = {"heading": "Tools readers reach for"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        window = shop_window()
        ids = [page.pk for page in value["products"] if page is not None]
        context["cards"] = window.load(ids) if window and ids else []
        context["window"] = window
        return context


class HomeStreamBlock(blocks.StreamBlock):
    featured_pages = FeaturedPagesBlock()
    featured_products = FeaturedProductsBlock()
