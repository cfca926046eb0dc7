"""Blocks for the home page: editor-chosen showcases of guides, methods and products."""

from wagtail import blocks


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


class HomeStreamBlock(blocks.StreamBlock):
    featured_pages = FeaturedPagesBlock()
