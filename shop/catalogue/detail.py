"""What a product page shows: variants with live stock, gallery, pairings, links.

Every part is fetched with a fixed number of queries, whatever the number of
variants, pictures or pairings, so a long gallery never slows the page down.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    QuerySet,
    prefetch_related_objects,
)
from django.utils.safestring import SafeString, mark_safe

from home.routing import ancestor_of_type
from home.tree_cache import per_tree_generation
from shop.inventory.states import StockBadge, StockState

from .cards import card_products, cards_in_order
from .extensions import (
    ProductLinks,
    ProductReviews,
    buy_box_panels,
    product_links,
    product_reviews,
)
from .forms import AddToCartForm
from .models import (
    ProductPage,
    ProductVariant,
    ShopIndexPage,
    low_stock_threshold_for,
)

RELATED_PRODUCTS = 4
GALLERY_JPEG_SPEC = "fill-1200x900|format-jpeg"
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
SCHEMA_AVAILABILITY = {
    StockState.IN_STOCK: "https://schema.org/InStock",
    StockState.LOW: "https://schema.org/InStock",
    StockState.OUT: "https://schema.org/OutOfStock",
}


@dataclass(frozen=True)
class VariantOption:
    """One choice in the variant selector."""

    variant: ProductVariant
    state: StockBadge
    selected: bool

    @property
    def disabled(self) -> bool:
        return not self.state.purchasable


def _selected_variant(options_data, requested: str | None):
    """The variant named in `?variant=`, else the first one in stock, else the first."""
    by_id = {str(variant.pk): variant for variant, _ in options_data}
    if requested and requested in by_id:
        return by_id[requested]
    for variant, state in options_data:
        if state.purchasable:
            return variant
    return options_data[0][0] if options_data else None


#: Siblings kept as related-product candidates: enough that a few not for sale
#: still leave RELATED_PRODUCTS to show (else the siblings are queried afresh).
SIBLING_CANDIDATES = RELATED_PRODUCTS * 3


@dataclass(frozen=True)
class RelatedCandidates:
    """Which products a product page may suggest, from the page tree alone: the
    editor's live picks in their order, and the first live siblings in tree order.
    Whether each is for sale is read per request (`related_products`)."""

    picks: tuple[int, ...] = ()
    siblings: tuple[int, ...] = ()


def related_candidates(product: ProductPage) -> RelatedCandidates:
    """The picks and the first siblings, in two small index reads."""
    pairings = product.pairings.all()
    if isinstance(pairings, QuerySet):
        ordered = pairings.order_by("sort_order")
        picked = list(ordered.values_list("product_id", flat=True))
    else:  # a preview: the picks are the revision's, in memory
        picked = [pairing.product_id for pairing in pairings]
    shown = ProductPage.objects.live().public()
    live_picks = set(shown.filter(pk__in=picked).values_list("pk", flat=True))
    siblings = shown.sibling_of(product, inclusive=False).order_by("path")
    return RelatedCandidates(
        picks=tuple(pk for pk in picked if pk in live_picks),
        siblings=tuple(siblings.values_list("pk", flat=True)[:SIBLING_CANDIDATES]),
    )


def related_products(
    product: ProductPage, candidates: RelatedCandidates | None = None
) -> tuple[list[ProductPage], bool]:
    """The editor's "pairs well with" picks; without any for sale, the first
    products of the same category in the editors' tree order. Returns the products
    and whether they are the editor's picks.

    `candidates` (kept with the page's tree lookups) name the rows, so a request
    makes one query for the cards, by primary key, whatever the catalogue's size.
    Should fewer than RELATED_PRODUCTS of the kept siblings be for sale while more
    siblings exist, the siblings are read afresh. Card pictures are joined; the
    caller prefetches renditions.
    """
    if candidates is None:
        candidates = related_candidates(product)
    wanted = {*candidates.picks, *candidates.siblings}
    if not wanted:
        return [], False
    by_pk = card_products(wanted)
    picks = [by_pk[pk] for pk in candidates.picks if pk in by_pk]
    if picks:
        return picks[:RELATED_PRODUCTS], True
    siblings = [by_pk[pk] for pk in candidates.siblings if pk in by_pk]
    more_siblings = len(candidates.siblings) == SIBLING_CANDIDATES
    if len(siblings) < RELATED_PRODUCTS and more_siblings:
        siblings = cards_in_order(
            ProductPage.objects.live()
            .public()
            .sellable()
            .sibling_of(product, inclusive=False)
            .order_by("path")
            .values_list("pk", flat=True)[:RELATED_PRODUCTS]
        )
    return siblings[:RELATED_PRODUCTS], False


def gallery_with_renditions(gallery: list, related: list[ProductPage]) -> list:
    """The product's gallery, with one renditions query for its pictures and the
    related cards' (Wagtail's get_renditions() reads the prefetched ones; its
    single-rendition lookup would also write each back to the cache)."""
    prefetch_related_objects(
        [item.image for item in gallery]
        + [page.first_image for page in related if page.first_image],
        "renditions",
    )
    return gallery


#: Published reviews a product's JSON-LD carries (the newest; the rating covers all).
JSON_LD_REVIEWS = 5


def review_json_ld(reviews: ProductReviews) -> dict:
    """`aggregateRating` and `review` of a schema.org Product, only while at least
    one review is published (an empty rating is invalid structured data)."""
    if reviews.rating is None:
        return {}
    return {
        "aggregateRating": {
            "@type": "AggregateRating",
            "ratingValue": str(reviews.rating.average),
            "reviewCount": reviews.rating.count,
            "bestRating": 5,
            "worstRating": 1,
        },
        "review": [
            {
                "@type": "Review",
                "name": review.title,
                "reviewBody": review.body,
                "datePublished": review.published.isoformat(),
                "author": {"@type": "Person", "name": review.author},
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": review.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
            }
            for review in reviews.newest[:JSON_LD_REVIEWS]
        ],
    }


def product_json_ld(
    product: ProductPage,
    request,
    options: list[VariantOption],
    gallery,
    reviews: ProductReviews | None = None,
) -> SafeString:
    """schema.org Product with one Offer per active variant, availability live,
    and its published rating and reviews when it has any."""
    page_url = product.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.search_description or product.short_description,
        "url": page_url,
        "brand": {"@type": "Brand", "name": "Unknot"},
        "image": [
            request.build_absolute_uri(
                item.image.get_renditions(GALLERY_JPEG_SPEC)[GALLERY_JPEG_SPEC].url
            )
            for item in gallery[:3]
        ],
        "offers": [
            {
                "@type": "Offer",
                "name": option.variant.name,
                "sku": option.variant.sku,
                "price": f"{option.variant.price:.2f}",
                "priceCurrency": settings.SHOP_CURRENCY,
                "availability": SCHEMA_AVAILABILITY[option.state.code],
                "itemCondition": "https://schema.org/NewCondition",
                "url": f"{page_url}?variant={option.variant.pk}",
            }
            for option in options
        ],
    }
    if len(options) == 1:
        data["sku"] = options[0].variant.sku
    if reviews is not None:
        data.update(review_json_ld(reviews))
    text = json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, >, & escaped, as json_script does


# Part of the tree-cache key: change it whenever ProductTreeLookups changes shape.
TREE_LOOKUPS_VERSION = 2


@dataclass
class ProductTreeLookups:
    """What a product page shows from the page tree: the pages linking to it, its
    gallery, specifications, body areas and related-product candidates. They
    change only when a page is published, unpublished, moved or deleted, a
    restriction changes or a picture or body area is saved, so a live product
    reads them once per page-tree generation (`per_tree_generation`)."""

    links: ProductLinks
    gallery: list
    specifications: list
    body_areas: list
    related: RelatedCandidates


def _tree_lookups(product: ProductPage) -> ProductTreeLookups:
    if product.pk is None:  # a preview before the first save
        return ProductTreeLookups(ProductLinks(), [], [], [], RelatedCandidates())
    return ProductTreeLookups(
        # Pages of other apps that point at this product (guides, through the
        # catalogue's extension point): shown without knowing what they are.
        links=product_links(product),
        gallery=list(product.gallery_images.select_related("image")),
        specifications=list(product.specifications.all()),
        body_areas=list(product.body_areas.all()),
        related=related_candidates(product),
    )


def product_detail_context(product: ProductPage, request) -> dict:
    """Template context of a product page (see the module docstring)."""
    threshold = low_stock_threshold_for(request)
    # A page previewed before its first save has no variants or place in the tree.
    saved = product.pk is not None
    variants = (
        list(
            product.variants.filter(is_active=True)
            .select_related("stock")
            .order_by("sort_order", "pk")
        )
        if saved
        else []
    )
    states = [(variant, variant.stock_state(threshold)) for variant in variants]
    selected = _selected_variant(states, request.GET.get("variant"))
    options = [
        VariantOption(variant, state, selected=variant is selected)
        for variant, state in states
    ]
    selected_option = next((o for o in options if o.selected), None)
    lookups = per_tree_generation(
        product, request, TREE_LOOKUPS_VERSION, lambda: _tree_lookups(product)
    )
    links = lookups.links
    # Published reviews, from whichever app registered itself as the rating source.
    reviews = product_reviews(product)
    form = AddToCartForm(
        product=product,
        initial={"variant": selected.pk if selected else None, "quantity": 1},
    )
    related, has_picks = (
        related_products(product, lookups.related) if saved else ([], False)
    )
    gallery = gallery_with_renditions(lookups.gallery, related)
    # The page's own first picture serves the share image (social_meta.html)
    # without a query of its own.
    product.first_image = gallery[0].image if gallery else None
    product.first_image_alt = gallery[0].alt_text if gallery else ""
    shop = ancestor_of_type(product, ShopIndexPage)
    return {
        "shop_url": shop.get_url(request) if shop and shop.live else "/shop/",
        "variant_options": options,
        "selected_option": selected_option,
        "add_to_cart_form": form,
        "gallery": gallery,
        "specifications": lookups.specifications,
        "body_areas": lookups.body_areas,
        "recommending_pages": links.recommending,
        "mentioning_pages": links.mentioning,
        "related_products": related,
        "related_heading": "Pairs well with" if has_picks else "You may also like",
        "low_stock_threshold": threshold,
        "product_reviews": reviews,
        "product_json_ld": product_json_ld(product, request, options, gallery, reviews),
        "max_quantity": settings.SHOP_MAX_QUANTITY_PER_LINE,
        "buy_box_panels": buy_box_panels(),
    }
