"""The catalogue's pages: the shop index, categories and product pages.

Product pages are Wagtail pages so marketers get preview, revisions, SEO fields and
scheduling. What is sold (SKU, price, stock) lives on `ProductVariant` rows outside
page revisions, so reverting or republishing a page never changes a price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.search import index

from home.models import BodyArea
from home.page_cache import CachedPageMixin
from home.routing import ancestor_of_type
from shop.catalogue.extensions import ProductRating, has_rating_source
from shop.catalogue.panels import VariantsPanel
from shop.inventory.states import StockBadge, stock_state

from .querysets import RATING_FIELDS, SUMMARY_FIELDS, ProductPageQuerySet

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class ShopIndexPage(CachedPageMixin, Page):
    """`/shop/`: the whole catalogue, with filters; parent of the category pages."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.ProductCategoryPage"]
    max_count = 1
    template = "shop/catalogue/shop_index_page.html"

    class Meta:
        verbose_name = "shop index page"

    def get_context(self, request, *args, **kwargs):
        # Inherent cycle: the listing queries these page models, and the pages render
        # the listing; importing it when a page is served breaks the loop.
        from shop.catalogue.listing import build_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(build_listing(request, shop=self))
        return context


class ProductCategoryPage(CachedPageMixin, Page):
    """A category (massage mats, foam rollers...): a listing of its products."""

    intro = models.TextField(blank=True, max_length=500)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("image")]
    parent_page_types = ["catalogue.ShopIndexPage"]
    subpage_types = ["catalogue.ProductPage"]
    template = "shop/catalogue/product_category_page.html"

    class Meta:
        verbose_name = "product category page"

    def get_context(self, request, *args, **kwargs):
        # Inherent cycle: the listing queries these page models, and the pages render
        # the listing; importing it when a page is served breaks the loop.
        from shop.catalogue.listing import build_listing

        context = super().get_context(request, *args, **kwargs)
        shop = ancestor_of_type(self, ShopIndexPage)
        context.update(build_listing(request, shop=shop, category=self))
        return context

    @property
    def card_image(self):
        return self.image

    @property
    def card_summary(self) -> str:
        return self.intro

    card_kind = "Category"


ProductPageManager = PageManager.from_queryset(ProductPageQuerySet)


class ProductPage(CachedPageMixin, Page):
    """A product as shoppers and marketers see it: words, pictures, what it helps with.

    What is sold (SKU, price, stock) lives on `ProductVariant` rows; every product has
    at least one.
    """

    short_description = models.CharField(max_length=240)
    description = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    key_features = StreamField(
        [("feature", blocks.CharBlock(max_length=160, icon="tick"))],
        blank=True,
        use_json_field=True,
    )
    care_and_safety = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    body_areas = ParentalManyToManyField(BodyArea, blank=True, related_name="products")
    featured = models.BooleanField(
        default=False, help_text="Listed first when the shop is sorted by 'featured'."
    )

    objects = ProductPageManager()

    search_fields = Page.search_fields + [
        index.SearchField("short_description"),
        index.SearchField("description"),
        index.RelatedFields(
            "variants",
            [
                index.SearchField("sku"),
                index.SearchField("sku_terms"),
                index.SearchField("name"),
            ],
        ),
        index.FilterField("featured"),
    ]

    content_panels = Page.content_panels + [
        FieldPanel("short_description"),
        FieldPanel("description"),
        InlinePanel("gallery_images", label="Gallery", min_num=1),
        FieldPanel("key_features"),
        InlinePanel("specifications", label="Specifications"),
        FieldPanel("care_and_safety"),
        MultiFieldPanel(
            [FieldPanel("body_areas"), FieldPanel("featured")], heading="Discovery"
        ),
        InlinePanel("pairings", label="Pairs well with"),
        VariantsPanel(heading="Variants, prices and stock"),
    ]

    parent_page_types = ["catalogue.ProductCategoryPage"]
    subpage_types: list[str] = []
    template = "shop/catalogue/product_page.html"

    class Meta:
        verbose_name = "product page"

    @cached_property
    def first_image(self):
        """The listing picture; free for cards from `shop/catalogue/cards.py`, which
        set it from the product's summary."""
        first = self.gallery_images.select_related("image").first()
        return first.image if first else None

    @cached_property
    def first_image_alt(self) -> str:
        first = self.gallery_images.first()
        return first.alt_text if first else ""

    @property
    def card_image(self):
        return self.first_image

    @property
    def card_summary(self) -> str:
        return self.short_description

    card_kind = "Product"

    def active_variants(self):
        return self.variants.filter(is_active=True).select_related("stock")

    def card_info(
        self, low_stock_threshold: int, *, variants: list | None = None
    ) -> ProductCardInfo:
        """Price range, stock badge and buy button data for a product card.

        Uses, in order: the annotations of `with_variant_summary()` (listings);
        `variants`, this product's active variants with their stock already loaded
        (callers that prefetch in bulk, such as the guides' cards); a standard
        `prefetch_related("variants")`; else one aggregate query.
        """
        if not hasattr(self, "min_price"):
            if variants is None:
                prefetched = getattr(self, "_prefetched_objects_cache", {})
                if "variants" in prefetched:
                    variants = [v for v in prefetched["variants"] if v.is_active]
            if variants is not None:
                return ProductCardInfo.from_variants(
                    variants, low_stock_threshold, rating=self.card_rating()
                )
            self._load_card_summary()
        count = self.variant_count or 0
        return ProductCardInfo(
            min_price=self.min_price,
            max_price=self.max_price,
            variant_count=count,
            single_variant_id=self.single_variant_id if count == 1 else None,
            state=stock_state(self.available_total or 0, low_stock_threshold),
            rating=self.card_rating(),
        )

    def _load_card_summary(self) -> None:
        """One query for the figures `cards.card_products()` sets."""
        fields = SUMMARY_FIELDS + (RATING_FIELDS if has_rating_source() else ())
        found = ProductPage.objects.filter(pk=self.pk).with_variant_summary()
        summary = found.with_ratings().values(*fields).first() or {}
        for key in SUMMARY_FIELDS + RATING_FIELDS:
            setattr(self, key, summary.get(key))

    def card_rating(self) -> ProductRating | None:
        """The published rating a card shows: from the `rating_*` annotations of
        `cards.card_products()`, else one query (none without a rating source)."""
        if not hasattr(self, "rating_count"):
            figures = {}
            if has_rating_source():
                found = ProductPage.objects.filter(pk=self.pk).with_ratings()
                figures = found.values(*RATING_FIELDS).first() or {}
            for key in RATING_FIELDS:
                setattr(self, key, figures.get(key))
        return ProductRating.from_figures(self.rating_average, self.rating_count)

    # --- Product detail page ---------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        # Inherent cycle: the detail builder reads these models and the page renders
        # it; importing it when a page is served breaks the loop.
        from shop.catalogue.detail import product_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(product_detail_context(self, request))
        return context


@dataclass(frozen=True)
class ProductCardInfo:
    """What a product card shows about price, stock and buying."""

    min_price: Decimal | None
    max_price: Decimal | None
    variant_count: int
    single_variant_id: int | None
    state: StockBadge
    rating: ProductRating | None = None

    @classmethod
    def from_variants(
        cls, variants, low_stock_threshold: int, *, rating=None
    ) -> ProductCardInfo:
        """The same figures from active variants already in memory (stock loaded)."""
        prices = [variant.price for variant in variants]
        return cls(
            min_price=min(prices, default=None),
            max_price=max(prices, default=None),
            variant_count=len(variants),
            single_variant_id=variants[0].pk if len(variants) == 1 else None,
            state=stock_state(
                sum(variant.available for variant in variants), low_stock_threshold
            ),
            rating=rating,
        )

    @property
    def has_price_range(self) -> bool:
        return self.min_price is not None and self.max_price != self.min_price

    @property
    def fragment_key(self) -> tuple:
        """What a card shows of these figures, for its fragment-cache key: the
        label, not the count behind it, so selling one of fifty keeps the card."""
        rating = self.rating
        return (
            self.min_price,
            self.has_price_range,
            (rating.average, rating.count) if rating else None,
            self.state.label,
            self.state.badge_class,
            self.state.purchasable,
            self.quick_buy,
            self.single_variant_id if self.quick_buy else None,
        )

    @property
    def quick_buy(self) -> bool:
        """One variant in stock: the card may add it to the cart directly."""
        return self.single_variant_id is not None and self.state.purchasable
