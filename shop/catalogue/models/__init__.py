"""The catalogue: shop and category pages, product pages, their variants.

Split by topic; everything is importable from `shop.catalogue.models` as before:

- `pages`: ShopIndexPage, ProductCategoryPage, ProductPage, ProductCardInfo
- `querysets`: ProductPageQuerySet (listing and card reads), ProductSummaryQuerySet
  (the listing's filters, order and count on the stored summaries)
- `variants`: ProductVariant, what is actually sold (SKU, price, stock)
- `summary`: ProductSummary, each product's variant figures stored for listings
- `inlines`: a product page's gallery images, specifications and pairings

The body-area taxonomy products are tagged with is `home.models.BodyArea`.
"""

from shop.inventory.states import site_low_stock_threshold as low_stock_threshold_for

from .inlines import ProductGalleryImage, ProductPairing, ProductSpecification
from .pages import (
    RICH_TEXT_FEATURES,
    ProductCardInfo,
    ProductCategoryPage,
    ProductPage,
    ProductPageManager,
    ShopIndexPage,
)
from .querysets import SUMMARY_FIELDS, ProductPageQuerySet, ProductSummaryQuerySet
from .summary import ProductSummary
from .variants import ProductVariant, ProductVariantQuerySet

__all__ = [
    "RICH_TEXT_FEATURES",
    "SUMMARY_FIELDS",
    "ProductCardInfo",
    "ProductCategoryPage",
    "ProductGalleryImage",
    "ProductPage",
    "ProductPageManager",
    "ProductPageQuerySet",
    "ProductPairing",
    "ProductSpecification",
    "ProductSummary",
    "ProductSummaryQuerySet",
    "ProductVariant",
    "ProductVariantQuerySet",
    "ShopIndexPage",
    "low_stock_threshold_for",
]
