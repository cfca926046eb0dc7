"""The catalogue: shop and category pages, product pages, their variants, body areas.

Product pages are Wagtail pages so marketers get preview, revisions, SEO fields and
scheduling. Variants (what is actually sold: SKU, price) are plain models outside page
revisions, so reverting or republishing a page never changes a price or a stock figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import (
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from shop.inventory.states import StockBadge, site_low_stock_threshold, stock_state

from .panels import VariantsPanel

#: Reverse relation the guides app adds to ProductPage (guides.ReliefMethodProduct).
#: The shop never imports guides; it looks the relation up by this name at run time.
RELIEF_METHOD_LINKS = "relief_method_links"

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class BodyArea(index.Indexed, models.Model):
    """Where a cramp or spasm is felt (calf, lower back, neck...).

    One taxonomy shared by guides and products, so a reader filtering guides by "calf"
    and a shopper filtering products by "calf" mean the same thing.
    """

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("slug"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class ShopIndexPage(Page):
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
        from .listing import build_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(build_listing(request, shop=self))
        return context


class ProductCategoryPage(Page):
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
        from .listing import build_listing

        context = super().get_context(request, *args, **kwargs)
        shop = ShopIndexPage.objects.ancestor_of(self).first() if self.pk else None
        context.update(build_listing(request, shop=shop, category=self))
        return context

    @property
    def card_image(self):
        return self.image

    @property
    def card_summary(self) -> str:
        return self.intro

    card_kind = "Category"


def relief_method_link_model() -> type[models.Model] | None:
    """The guides app's product/relief-method link model, or None without it.

    Looked up through ProductPage's reverse relation so the shop never imports guides.
    """
    try:
        return ProductPage._meta.get_field(RELIEF_METHOD_LINKS).related_model
    except FieldDoesNotExist:
        return None


def _active_variant_aggregate(expression, output_field=None):
    """A correlated subquery aggregating this product's active variants.

    Subqueries rather than JOIN + GROUP BY: PostgreSQL evaluates them only for the
    rows a sorted, paginated listing actually returns, so a page of 24 costs the
    same with 50 or 50,000 products.
    """
    return Subquery(
        ProductVariant.objects.filter(product_id=OuterRef("pk"), is_active=True)
        .order_by()
        .values("product_id")
        .annotate(result=expression)
        .values("result"),
        output_field=output_field,
    )


SUMMARY_FIELDS = (
    "min_price",
    "max_price",
    "variant_count",
    "single_variant_id",
    "available_total",
)


class ProductPageQuerySet(PageQuerySet):
    """Reads for product listings; templates only present what these return."""

    def with_variant_summary(self):
        """Annotate active variants' price range, count, total availability.

        `single_variant_id` is the lowest active variant id; with `variant_count == 1`
        it is the variant a card's add-to-cart button sends.
        """
        return self.annotate(
            min_price=_active_variant_aggregate(Min("price")),
            max_price=_active_variant_aggregate(Max("price")),
            variant_count=Coalesce(_active_variant_aggregate(Count("pk")), 0),
            single_variant_id=_active_variant_aggregate(Min("pk")),
            available_total=Coalesce(
                _active_variant_aggregate(
                    Sum(F("stock__on_hand") - F("stock__reserved"))
                ),
                0,
            ),
        )

    def sellable(self):
        """Products with at least one active variant: the only ones worth listing."""
        return self.filter(
            Exists(
                ProductVariant.objects.filter(product_id=OuterRef("pk"), is_active=True)
            )
        )

    def in_stock(self):
        """Products with at least one active variant that has units available."""
        return self.filter(
            Exists(
                ProductVariant.objects.filter(
                    product_id=OuterRef("pk"),
                    is_active=True,
                    stock__on_hand__gt=F("stock__reserved"),
                )
            )
        )

    def priced_between(self, low: Decimal | None = None, high: Decimal | None = None):
        """Products with an active variant priced within [low, high] (either open)."""
        variants = ProductVariant.objects.filter(
            product_id=OuterRef("pk"), is_active=True
        )
        if low is not None:
            variants = variants.filter(price__gte=low)
        if high is not None:
            variants = variants.filter(price__lte=high)
        return self.filter(Exists(variants))

    def for_body_area(self, slug: str):
        return self.filter(
            Exists(
                ProductPage.body_areas.through.objects.filter(
                    productpage_id=OuterRef("pk"), bodyarea__slug=slug
                )
            )
        )

    def for_relief_method(self, slug: str):
        """Products linked to the live relief method with this slug.

        Before the guides app provides the link model, no product matches.
        """
        link_model = relief_method_link_model()
        if link_model is None:
            return self.none()
        return self.filter(
            Exists(
                link_model.objects.filter(
                    product_id=OuterRef("pk"), page__slug=slug, page__live=True
                )
            )
        )

    def with_card_images(self):
        """Prefetch each product's first gallery image and its renditions.

        Three queries whatever the number of products, so a listing's query count
        does not grow with what it shows.
        """
        first_images = (
            ProductGalleryImage.objects.annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("page_id")],
                    order_by=[F("sort_order").asc(nulls_last=True), F("pk").asc()],
                )
            )
            .filter(position=1)
            .select_related("image")
            .prefetch_related("image__renditions")
        )
        return self.prefetch_related(
            Prefetch("gallery_images", queryset=first_images, to_attr="card_images")
        )

    def for_cards(self):
        """Live, sellable products annotated and prefetched for product cards."""
        return self.live().public().sellable().with_variant_summary().with_card_images()

    def ordered_by(self, sort: str):
        """Sort for the listing: featured (default), price up/down, newest."""
        orderings = {
            "price_asc": ["min_price", "title", "pk"],
            "price_desc": ["-min_price", "title", "pk"],
            "newest": [F("first_published_at").desc(nulls_last=True), "-pk"],
        }
        return self.order_by(*orderings.get(sort, ["-featured", "path"]))


ProductPageManager = PageManager.from_queryset(ProductPageQuerySet)


class ProductPage(Page):
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
        """The listing picture; free when the queryset used `with_card_images()`."""
        if hasattr(self, "card_images"):
            return self.card_images[0].image if self.card_images else None
        first = self.gallery_images.select_related("image").first()
        return first.image if first else None

    @cached_property
    def first_image_alt(self) -> str:
        if hasattr(self, "card_images"):
            return self.card_images[0].alt_text if self.card_images else ""
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
                return ProductCardInfo.from_variants(variants, low_stock_threshold)
            summary = (
                ProductPage.objects.filter(pk=self.pk)
                .with_variant_summary()
                .values(*SUMMARY_FIELDS)
                .first()
            ) or {}
            for key in SUMMARY_FIELDS:
                setattr(self, key, summary.get(key))
        count = self.variant_count or 0
        return ProductCardInfo(
            min_price=self.min_price,
            max_price=self.max_price,
            variant_count=count,
            single_variant_id=self.single_variant_id if count == 1 else None,
            state=stock_state(self.available_total or 0, low_stock_threshold),
        )

    # --- Product detail page ---------------------------------------------------------

    def get_context(self, request, *args, **kwargs):
        from .detail import product_detail_context

        context = super().get_context(request, *args, **kwargs)
        context.update(product_detail_context(self, request))
        return context

    def relief_methods(self) -> list[Page]:
        """Live relief-method pages (guides app) that recommend this product."""
        link_model = relief_method_link_model()
        if link_model is None or self.pk is None:
            return []
        method_model = link_model._meta.get_field("page").related_model
        linked = link_model.objects.filter(product_id=self.pk).values("page_id")
        return list(
            method_model.objects.live().public().filter(pk__in=linked).order_by("title")
        )

    def mentioned_in_guides(self, *, exclude: list[Page] = ()) -> list[Page]:
        """Live guide pages that reference this product (derived from Wagtail's
        reference index, so any block or inline that chooses the product counts)."""
        from wagtail.models import ReferenceIndex

        if self.pk is None:
            return []
        page_ids = {
            int(object_id)
            for object_id in ReferenceIndex.get_references_to(self)
            .filter(base_content_type__app_label="wagtailcore")
            .values_list("object_id", flat=True)
        }
        page_ids -= {page.pk for page in exclude}
        if not page_ids:
            return []
        return list(
            Page.objects.live()
            .public()
            .filter(pk__in=page_ids, content_type__app_label="guides")
            .exclude(pk__in=[page.pk for page in exclude])
            .order_by("title")
        )


@dataclass(frozen=True)
class ProductCardInfo:
    """What a product card shows about price, stock and buying."""

    min_price: Decimal | None
    max_price: Decimal | None
    variant_count: int
    single_variant_id: int | None
    state: StockBadge

    @classmethod
    def from_variants(cls, variants, low_stock_threshold: int) -> ProductCardInfo:
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
        )

    @property
    def has_price_range(self) -> bool:
        return self.min_price is not None and self.max_price != self.min_price

    @property
    def quick_buy(self) -> bool:
        """One variant in stock: the card may add it to the cart directly."""
        return self.single_variant_id is not None and self.state.purchasable


class ProductGalleryImage(Orderable):
    """One picture in a product's gallery; the first is the listing picture."""

    page = ParentalKey(
        ProductPage, on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        max_length=200, help_text="Describe the picture for people who cannot see it."
    )

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class ProductSpecification(Orderable):
    """A label/value row such as "Diameter: 14 cm"."""

    page = ParentalKey(
        ProductPage, on_delete=models.CASCADE, related_name="specifications"
    )
    label = models.CharField(max_length=60)
    value = models.CharField(max_length=200)

    panels = [FieldPanel("label"), FieldPanel("value")]


class ProductPairing(Orderable):
    """An editor's "pairs well with" suggestion from one product to another."""

    page = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="pairings")
    product = models.ForeignKey(ProductPage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("product")]


class ProductVariantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def purchasable(self):
        """Active variants whose product page is live: the only ones a cart accepts."""
        return self.filter(is_active=True, product__live=True)


class ProductVariant(models.Model):
    """What is actually sold: one size/firmness/colour of a product, with its SKU.

    Deliberately not part of the page (not in revisions): prices and stock must never
    change because an editor reverted a page. Order lines copy the SKU, name and price.
    """

    product = models.ForeignKey(
        ProductPage, on_delete=models.CASCADE, related_name="variants"
    )
    sku = models.CharField("SKU", max_length=40, unique=True)
    name = models.CharField(
        max_length=80, help_text="What tells this variant apart, e.g. 'Large, firm'."
    )
    price = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    compare_at_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Optional earlier price, shown struck through.",
    )
    cost_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="What one unit costs us; used for stock valuation.",
    )
    weight_grams = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProductVariantQuerySet.as_manager()

    class Meta:
        ordering = ["product_id", "sort_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0), name="catalogue_variant_price_positive"
            ),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gt=0),
                name="catalogue_variant_compare_at_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product.title} – {self.name} ({self.sku})"

    def clean(self):
        super().clean()
        if (
            self.compare_at_price is not None
            and self.price is not None
            and self.compare_at_price <= self.price
        ):
            raise ValidationError(
                {"compare_at_price": "The earlier price must be higher than the price."}
            )

    @property
    def display_name(self) -> str:
        return f"{self.product.title} ({self.name})"

    @property
    def sku_terms(self) -> str:
        """The SKU split at its hyphens, for the search index.

        Search engines tokenise "ROL-39-1" in odd ways (PostgreSQL reads "-1" as a
        negative number); the split form lets every part of a SKU match.
        """
        return self.sku.replace("-", " ")

    @property
    def available(self) -> int:
        """Units a new shopper may still buy (select_related("stock") saves a query)."""
        try:
            return max(self.stock.available, 0)
        except ObjectDoesNotExist:
            return 0

    def low_stock_threshold(self, default: int) -> int:
        """This SKU's own threshold if stock staff set one, else the site default."""
        try:
            own = self.stock.low_stock_threshold
        except ObjectDoesNotExist:
            own = None
        return default if own is None else own

    def stock_state(self, default_threshold: int | None = None) -> StockBadge:
        """In stock / only N left / out of stock, as the shopper is told.

        `default_threshold` is the site setting; pass it when you have a request
        (`low_stock_threshold_for(request)`), otherwise the default site's is used.
        """
        if default_threshold is None:
            default_threshold = low_stock_threshold_for(None)
        if not self.is_active:
            return stock_state(0, 0)
        return stock_state(self.available, self.low_stock_threshold(default_threshold))


def low_stock_threshold_for(request) -> int:
    """The site-wide low-stock threshold (SiteSettings), per request when given."""
    return site_low_stock_threshold(request)
