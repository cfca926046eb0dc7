"""The catalogue: shop and category pages, product pages, their variants, body areas.

Product pages are Wagtail pages so marketers get preview, revisions, SEO fields and
scheduling. Variants (what is actually sold: SKU, price) are plain models outside page
revisions, so reverting or republishing a page never changes a price or a stock figure.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Max, Min, Q
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link"]


class BodyArea(index.Indexed, models.Model):
    """Where a cramp or spasm is felt (calf, lower back, neck...).

    One taxonomy shared by guides and products, so a reader filtering guides by "calf"
    and a shopper filtering products by "calf" mean the same thing.
    """

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

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

    class Meta:
        verbose_name = "shop index page"


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

    class Meta:
        verbose_name = "product category page"

    @property
    def card_image(self):
        return self.image

    @property
    def card_summary(self) -> str:
        return self.intro

    card_kind = "Category"


class ProductPageQuerySet(PageQuerySet):
    """Reads for product listings; templates only present what these return."""

    def with_variant_summary(self):
        """Annotate the active variants' lowest/highest price and total availability."""
        active = Q(variants__is_active=True)
        return self.annotate(
            min_price=Min("variants__price", filter=active),
            max_price=Max("variants__price", filter=active),
        )

    def in_stock(self):
        """Products with at least one active variant that has units available."""
        return self.filter(
            variants__is_active=True,
            variants__stock__on_hand__gt=models.F("variants__stock__reserved"),
        ).distinct()


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
        index.RelatedFields("variants", [index.SearchField("sku")]),
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
    ]

    parent_page_types = ["catalogue.ProductCategoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "product page"

    @cached_property
    def first_image(self):
        first = self.gallery_images.select_related("image").first()
        return first.image if first else None

    @property
    def card_image(self):
        return self.first_image

    @property
    def card_summary(self) -> str:
        return self.short_description

    card_kind = "Product"

    def active_variants(self):
        return self.variants.filter(is_active=True).select_related("stock")


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

    @property
    def display_name(self) -> str:
        return f"{self.product.title} ({self.name})"
