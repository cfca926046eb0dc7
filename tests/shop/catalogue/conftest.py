"""Builders for catalogue tests: products with pictures, variants and real stock."""

from decimal import Decimal

import pytest
import wagtail_factories

from shop.catalogue.models import ProductGalleryImage, ProductPairing
from shop.inventory import services
from tests.factories import (
    ProductCategoryPageFactory,
    ProductPageFactory,
    ProductVariantFactory,
    shop_index,
)


def tiny_image(title="Picture"):
    """A 16 x 12 image: renditions of it are quick to encode, even as AVIF."""
    return wagtail_factories.ImageFactory(
        title=title, file__width=16, file__height=12, file__color="teal"
    )


def make_product(
    *,
    category=None,
    prices=("24.90",),
    stock=(10,),
    images=1,
    **page_kwargs,
):
    """A live product with one variant per price, stocked through the service."""
    product = ProductPageFactory(
        parent=category or ProductCategoryPageFactory(), **page_kwargs
    )
    for number in range(images):
        ProductGalleryImage.objects.create(
            page=product,
            image=tiny_image(f"{product.title} {number}"),
            alt_text=f"{product.title}, picture {number + 1}",
            sort_order=number,
        )
    for order, (price, units) in enumerate(zip(prices, stock, strict=True)):
        variant = ProductVariantFactory(
            product=product,
            name=f"Option {order + 1}",
            price=Decimal(price),
            sort_order=order,
        )
        if units:
            services.receive(lines={variant.pk: units}, reference="TEST-DELIVERY")
    return product


def pair(product, *others):
    for order, other in enumerate(others):
        ProductPairing.objects.create(page=product, product=other, sort_order=order)


@pytest.fixture
def shop(db):
    return shop_index()


@pytest.fixture
def category(shop):
    return ProductCategoryPageFactory(
        parent=shop, title="Foam rollers", slug="foam-rollers"
    )
