"""The stored product summary listings read: exact after every change of its inputs."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from shop.catalogue.cards import card_products
from shop.catalogue.models import ProductGalleryImage, ProductPage, ProductSummary
from shop.inventory import services
from shop.inventory.models import MovementReason
from tests.factories import ProductVariantFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db


def recomputed(product) -> dict:
    """The figures worked out from the variants and their stock, in Python."""
    active = list(product.variants.filter(is_active=True).select_related("stock"))
    prices = [variant.price for variant in active]
    return {
        "min_price": min(prices, default=None),
        "max_price": max(prices, default=None),
        "variant_count": len(active),
        "single_variant_id": min((variant.pk for variant in active), default=None),
        "available_total": sum(variant.stock.available for variant in active),
    }


def stored(product) -> dict:
    row = ProductSummary.objects.get(product=product)
    return {field: getattr(row, field) for field in recomputed(product)}


@pytest.fixture
def roller(category):
    return make_product(
        category=category, title="Roller", prices=("19.90", "29.90"), stock=(5, 0)
    )


def test_summary_of_a_new_product(roller):
    first, second = roller.variants.order_by("pk")
    assert stored(roller) == {
        "min_price": Decimal("19.90"),
        "max_price": Decimal("29.90"),
        "variant_count": 2,
        "single_variant_id": first.pk,
        "available_total": 5,
    }


def test_summary_follows_variant_changes(roller):
    added = ProductVariantFactory(product=roller, price=Decimal("9.90"))
    assert stored(roller)["min_price"] == Decimal("9.90")
    assert stored(roller)["variant_count"] == 3

    added.price = Decimal("39.90")
    added.save()
    assert stored(roller)["max_price"] == Decimal("39.90")

    first = roller.variants.order_by("pk").first()
    first.is_active = False
    first.save()
    assert stored(roller) == recomputed(roller)
    assert stored(roller)["available_total"] == 0  # its 5 units no longer count
    assert stored(roller)["min_price"] == Decimal("29.90")

    added.delete()
    assert stored(roller) == recomputed(roller)
    assert stored(roller)["variant_count"] == 1


def test_card_image_follows_the_published_gallery(category):
    product = make_product(category=category, images=2)
    first, second = product.gallery_images.order_by("sort_order")
    assert ProductSummary.objects.get(product=product).card_image == first.image
    # An editor moves the second picture to the front and publishes.
    page = ProductPage.objects.get(pk=product.pk)
    page.gallery_images = [
        ProductGalleryImage(image=second.image, alt_text="b", sort_order=0),
        ProductGalleryImage(image=first.image, alt_text="a", sort_order=1),
    ]
    page.save_revision().publish()
    assert ProductSummary.objects.get(product=product).card_image == second.image
    # A draft changes nothing the shop shows.
    page.gallery_images = []
    page.save_revision()
    assert ProductSummary.objects.get(product=product).card_image == second.image
    page.save_revision().publish()
    assert ProductSummary.objects.get(product=product).card_image is None


def test_deleting_a_product_takes_its_summary_along(category):
    # Never stocked: a product with stock movements cannot be deleted at all.
    product = make_product(
        category=category, prices=("5.00", "6.00"), stock=(0, 0), images=2
    )
    assert ProductSummary.objects.filter(product=product).exists()
    pk = product.pk
    product.delete()
    assert not ProductSummary.objects.filter(product_id=pk).exists()


@pytest.mark.parametrize(
    "movement",
    ["receive", "restock", "reserve", "release", "sell", "adjust", "count"],
)
def test_summary_follows_every_stock_movement(roller, movement):
    variant = roller.variants.order_by("pk").first()
    lines = {variant.pk: 2}
    if movement == "receive":
        services.receive(lines=lines, reference="PO-1")
        expected = 7
    elif movement == "restock":
        services.restock(lines=lines, reference="RET-1")
        expected = 7
    elif movement == "reserve":
        services.reserve(lines=lines, reference="ORDER-1")
        expected = 3
    elif movement == "release":
        services.reserve(lines=lines, reference="ORDER-1")
        services.release(lines={variant.pk: 1}, reference="ORDER-1")
        expected = 4
    elif movement == "sell":
        services.reserve(lines=lines, reference="ORDER-1")
        services.commit_sale(lines=lines, reference="ORDER-1")
        expected = 3
    elif movement == "adjust":
        services.adjust_stock(
            variant_id=variant.pk, delta=-4, reason=MovementReason.DAMAGED
        )
        expected = 1
    else:
        services.set_counted_stock(counts={variant.pk: 11}, reference="COUNT-1")
        expected = 11
    assert stored(roller)["available_total"] == expected
    assert stored(roller) == recomputed(roller)


def test_one_stock_call_over_several_products_refreshes_each(category, roller):
    other = make_product(category=category, prices=("5.00",), stock=(0,))
    services.receive(
        lines={
            roller.variants.order_by("pk").last().pk: 3,
            other.variants.get().pk: 4,
        },
        reference="PO-2",
    )
    assert stored(roller)["available_total"] == 8
    assert stored(other)["available_total"] == 4


def test_generated_catalogue_has_exact_summaries(home_page):
    call_command("generate_catalogue", products=12, seed=5, stdout=io.StringIO())
    generated = ProductPage.objects.filter(slug__startswith="generated-")
    assert generated.count() == 12
    for product in generated:
        assert stored(product) == recomputed(product)


def test_refresh_command_repairs_rows_written_around_the_services(category, roller):
    other = make_product(category=category, prices=("5.00",), stock=(2,))
    ProductSummary.objects.filter(product=roller).update(
        min_price=Decimal("1.00"), variant_count=9, available_total=99
    )
    ProductSummary.objects.filter(product=other).delete()
    out = io.StringIO()
    call_command("refresh_product_summaries", stdout=out)
    assert "Refreshed 2 product summaries" in out.getvalue()
    assert stored(roller) == recomputed(roller)
    assert stored(other) == recomputed(other)


def test_listing_figures_come_from_the_summary(roller):
    """The cards' annotations keep their names; templates need no change."""
    card = card_products([roller.pk])[roller.pk]
    assert (card.min_price, card.max_price, card.variant_count) == (
        Decimal("19.90"),
        Decimal("29.90"),
        2,
    )
    assert card.available_total == 5
    first = roller.variants.order_by("pk").first()
    services.reserve(lines={first.pk: 5}, reference="ORDER-2")
    assert not ProductPage.objects.in_stock().filter(pk=roller.pk).exists()
    assert ProductPage.objects.sellable().filter(pk=roller.pk).exists()
