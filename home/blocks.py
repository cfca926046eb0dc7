"""Blocks for the home page: editor-chosen showcases of guides, methods and products."""

from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.models import Page

from .extensions import shop_window
from .prefetch import load_cards


class FeaturedPagesBlock(blocks.StructBlock):
    """A titled row of cards for pages an editor picks (guides, methods, products).

    Any page type can be featured; it renders through its own `card_*` attributes
    when it has them (see templates/includes/page_card.html), so later page types
    need no change here.
    """

    heading = blocks.CharBlock(max_length=80)
    intro = blocks.TextBlock(required=False, max_length=300)
    pages = blocks.ListBlock(blocks.PageChooserBlock(), min_num=1, max_num=8)
    link_page = blocks.PageChooserBlock(
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


class ShopWindowChooserBlock(blocks.PageChooserBlock):
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
    link_page = blocks.PageChooserBlock(
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
