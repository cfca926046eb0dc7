"""Blocks that lead a reader on: to products, to a relief method, to more reading."""

from wagtail import blocks

from home.blocks import KeptPageChooserBlock
from shop.catalogue.models import ProductPage

from .base import PreviewStructBlock, first_live_page


class ProductCardBlock(PreviewStructBlock):
    product = KeptPageChooserBlock(page_type="catalogue.ProductPage")
    note = blocks.TextBlock(
        required=False,
        max_length=300,
        help_text="Why this product helps here, in one or two sentences.",
    )

    def get_preview_value(self):
        product = first_live_page("catalogue.ProductPage")
        return self.normalize(
            {"product": product, "note": "Firm enough for a knotted calf."}
        )

    class Meta:
        icon = "tag"
        template = "blocks/product_card.html"
        label = "Product card"
        description = "One product with price, stock and an add-to-cart button."


class ProductGridBlock(PreviewStructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    intro = blocks.TextBlock(max_length=300, required=False)
    products = blocks.ListBlock(
        KeptPageChooserBlock(page_type="catalogue.ProductPage"),
        min_num=1,
        max_num=12,
    )

    def get_preview_value(self):
        products = list(ProductPage.objects.live().order_by("path")[:3])
        return self.normalize(
            {"heading": "Tools for tight calves", "intro": "", "products": products}
        )

    class Meta:
        icon = "table"
        template = "blocks/product_grid.html"
        label = "Product grid"
        description = "Several products side by side, each with add-to-cart."


class ReliefMethodLinkBlock(PreviewStructBlock):
    method = KeptPageChooserBlock(page_type="guides.ReliefMethodPage")
    product_count = blocks.IntegerBlock(
        min_value=0,
        max_value=6,
        default=3,
        help_text="How many of the method's products to show (0 for none).",
    )

    def get_preview_value(self):
        return self.normalize(
            {
                "method": first_live_page("guides.ReliefMethodPage"),
                "product_count": 3,
            }
        )

    class Meta:
        icon = "link"
        template = "blocks/relief_method_link.html"
        label = "Relief method link"
        description = "A relief method with its top products."


class RelatedReadingBlock(PreviewStructBlock):
    heading = blocks.CharBlock(max_length=120, default="Related reading")
    pages = blocks.ListBlock(
        KeptPageChooserBlock(page_type=["guides.GuidePage", "guides.ReliefMethodPage"]),
        min_num=1,
        max_num=8,
    )

    def get_preview_value(self):
        guide = first_live_page("guides.GuidePage")
        return self.normalize(
            {"heading": "Related reading", "pages": [guide] if guide else []}
        )

    class Meta:
        icon = "doc-full"
        template = "blocks/related_reading.html"
        label = "Related reading"
        description = "Links to other guides or relief methods."
