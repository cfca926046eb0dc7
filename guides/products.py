"""Product cards as guides show them: price, stock badge and the variant to add.

Guides and relief methods show products in many places (blocks, "suitable products",
"Shop this guide"). Everything a card needs is loaded here for a whole list of
products at once, so a page's query count does not grow with its number of cards.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects

from home.models import SiteSettings
from shop.catalogue.models import ProductGalleryImage, ProductPage, ProductVariant
from shop.inventory.selectors import StockState, stock_state


@dataclass
class ProductCard:
    """One product ready to render: the variant a card adds and its stock state."""

    product: ProductPage
    variant: ProductVariant | None
    state: StockState
    min_price: Decimal | None
    max_price: Decimal | None
    note: str = ""
    variants: list[ProductVariant] = field(default_factory=list)

    @property
    def has_price_range(self) -> bool:
        return self.min_price is not None and self.min_price != self.max_price


def prefetch_card_data(products: list[ProductPage]) -> None:
    """Attach active variants with stock, and the first gallery image, in bulk."""
    todo = [p for p in products if "_card_variants" not in p.__dict__]
    if not todo:
        return
    prefetch_related_objects(
        todo,
        Prefetch(
            "variants",
            queryset=ProductVariant.objects.filter(is_active=True)
            .select_related("stock")
            .order_by("sort_order", "pk"),
            to_attr="_card_variants",
        ),
        Prefetch(
            "gallery_images",
            queryset=ProductGalleryImage.objects.select_related("image")
            .prefetch_related("image__renditions")
            .order_by("sort_order", "pk"),
            to_attr="_card_gallery",
        ),
    )
    for product in todo:
        # ProductPage.first_image is a cached_property; prime it from the prefetch.
        first = product._card_gallery[0] if product._card_gallery else None
        product.__dict__["first_image"] = first.image if first else None


def _available(variant: ProductVariant) -> int:
    stock = getattr(variant, "stock", None)
    return stock.available if stock else 0


def build_card(product: ProductPage, default_threshold: int) -> ProductCard:
    variants = product._card_variants
    if not variants:
        return ProductCard(
            product, None, stock_state(0, default_threshold), None, None, variants=[]
        )
    # Offer the cheapest variant that can be bought; if none can, the cheapest.
    in_stock = [v for v in variants if _available(v) > 0]
    variant = min(in_stock or variants, key=lambda v: (v.price, v.sort_order, v.pk))
    stock = getattr(variant, "stock", None)
    threshold = (
        stock.low_stock_threshold
        if stock and stock.low_stock_threshold is not None
        else default_threshold
    )
    prices = [v.price for v in variants]
    return ProductCard(
        product=product,
        variant=variant,
        state=stock_state(_available(variant), threshold),
        min_price=min(prices),
        max_price=max(prices),
        variants=variants,
    )


def product_cards(products: list[ProductPage], request) -> list[ProductCard]:
    """Cards for these products, in the given order, loaded in a fixed number of
    queries. Each product also gets `card` (its ProductCard) for block templates."""
    products = [p for p in products if p is not None]
    prefetch_card_data(products)
    threshold = (
        SiteSettings.for_request(request).low_stock_threshold
        if request is not None
        else settings.SHOP_DEFAULT_LOW_STOCK_THRESHOLD
    )
    cards = []
    for product in products:
        card = build_card(product, threshold)
        product.card = card
        cards.append(card)
    return cards
