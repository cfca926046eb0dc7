"""factory_boy factories shared by the suite.

Pages are created in the real tree (under the migration-made HomePage) so URLs,
`live` and the page tree rules behave as in production.
"""

from decimal import Decimal

import factory
import wagtail_factories

from home.models import BodyArea
from home.site_setup import ensure_site_tree
from shop.catalogue.models import (
    ProductCategoryPage,
    ProductPage,
    ProductVariant,
    ShopIndexPage,
)
from shop.catalogue.summaries import refresh_product_summaries
from shop.inventory.models import StockLevel


class BodyAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Area {n}")
    slug = factory.Sequence(lambda n: f"area-{n}")


def shop_index() -> ShopIndexPage:
    """The one shop index, created under the home page on first use."""
    existing = ShopIndexPage.objects.first()
    if existing:
        return existing
    return ensure_site_tree().add_child(
        instance=ShopIndexPage(title="Shop", slug="shop")
    )


class ProductCategoryPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProductCategoryPage

    title = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    parent = factory.LazyFunction(shop_index)


class ProductPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ProductPage

    title = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    short_description = "A tool that helps a tight muscle let go."
    parent = factory.SubFactory(ProductCategoryPageFactory)


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant

    product = factory.SubFactory(ProductPageFactory)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = "Standard"
    price = Decimal("24.90")


def stocked_variant(on_hand: int = 10, **kwargs) -> ProductVariant:
    """A variant with `on_hand` units on the shelf (set directly: test setup only)."""
    variant = ProductVariantFactory(**kwargs)
    StockLevel.objects.filter(variant=variant).update(on_hand=on_hand)
    # Bypassing the stock service skips its signal: bring the listing figures along.
    refresh_product_summaries([variant.product_id])
    return variant


class OrderFactory(factory.django.DjangoModelFactory):
    """An order as checkout writes it (status pending_payment, nothing reserved)."""

    class Meta:
        model = "orders.Order"

    email = factory.Sequence(lambda n: f"shopper{n}@example.com")
    full_name = "Alex Example"
    address_line1 = "Wadenweg 3"
    postcode = "10115"
    city = "Berlin"
    country = "DE"
    shipping_method = "standard"
    shipping_method_name = "Standard delivery"
    currency = "EUR"
    subtotal = Decimal("24.90")
    shipping_total = Decimal("4.90")
    total = Decimal("29.80")


class OrderLineFactory(factory.django.DjangoModelFactory):
    """A line copied from `variant` the way checkout copies it."""

    class Meta:
        model = "orders.OrderLine"

    order = factory.SubFactory(OrderFactory)
    variant = factory.SubFactory(ProductVariantFactory)
    sku = factory.LazyAttribute(lambda line: line.variant.sku)
    product_name = factory.LazyAttribute(lambda line: line.variant.product.title)
    variant_name = factory.LazyAttribute(lambda line: line.variant.name)
    unit_price = factory.LazyAttribute(lambda line: line.variant.price)
    quantity = 1
    line_total = factory.LazyAttribute(lambda line: line.unit_price * line.quantity)


def cart_line_in_session(client, variant, quantity: int = 1):
    """A cart holding one line of `variant`, tied to `client`'s session."""
    from shop.cart.models import Cart
    from shop.cart.services import SESSION_KEY, add_to_cart

    cart = Cart.objects.create()
    line = add_to_cart(cart=cart, variant_id=variant.pk, quantity=quantity)
    session = client.session
    session[SESSION_KEY] = cart.pk
    session.save()
    return line


class DiscountCodeFactory(factory.django.DjangoModelFactory):
    """A live code for the whole shop: 10 % off, no limits."""

    class Meta:
        model = "discounts.DiscountCode"

    code = factory.Sequence(lambda n: f"CODE{n}")
    kind = "percentage"
    value = Decimal("10")
