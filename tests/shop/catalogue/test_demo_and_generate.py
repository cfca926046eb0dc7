"""The demo catalogue and the bulk generator."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from shop.catalogue.models import (
    BodyArea,
    ProductCategoryPage,
    ProductPage,
    ProductVariant,
)
from shop.inventory.models import StockLevel, StockMovement

pytestmark = pytest.mark.django_db


def catalogue_counts():
    return (
        ProductCategoryPage.objects.count(),
        ProductPage.objects.count(),
        ProductVariant.objects.count(),
        StockMovement.objects.count(),
        BodyArea.objects.count(),
    )


def test_demo_catalogue_is_complete_and_idempotent(home_page):
    call_command("load_demo", stdout=io.StringIO())
    first = catalogue_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert catalogue_counts() == first
    # Everything is listed in the shop (rendering it is the browser tests' job).
    assert ProductPage.objects.for_cards().count() == first[1]

    categories, products, variants, movements, areas = first
    assert categories == 7
    assert products >= 16
    assert list(BodyArea.objects.values_list("slug", flat=True)) == [
        "neck",
        "upper-back",
        "lower-back",
        "arm-hand",
        "thigh",
        "calf",
        "foot",
    ]
    for product in ProductPage.objects.all():
        count = product.variants.count()
        assert 1 <= count <= 4, product.title
        assert product.gallery_images.exists(), product.title
        assert product.body_areas.exists(), product.title
        assert product.live
    # Stock arrived through the service: the ledger explains every unit.
    for level in StockLevel.objects.all():
        assert level.on_hand == sum(
            level.movements.values_list("delta_on_hand", flat=True)
        )
    available = [level.available for level in StockLevel.objects.all()]
    assert available.count(0) >= 1
    assert sum(1 for units in available if 0 < units <= 5) >= 2
    prices = ProductVariant.objects.values_list("price", flat=True)
    assert min(prices) >= 5 and max(prices) <= 200

    # The guides demo links these products to its relief methods by title: every
    # method that has products shows at least two.
    from guides.models import ReliefMethodPage

    counts = {
        method.slug: method.suitable_products.count()
        for method in ReliefMethodPage.objects.all()
    }
    with_products = {slug: n for slug, n in counts.items() if n}
    assert len(with_products) >= 7, counts
    assert min(with_products.values()) >= 2, counts


def test_generate_catalogue_creates_valid_live_products(home_page, client):
    out = io.StringIO()
    call_command("generate_catalogue", products=30, seed=3, stdout=out)
    assert "Created 30 products" in out.getvalue()
    assert "30/30 products" in out.getvalue()
    assert Page.find_problems() == ([], [], [], [], [])
    generated = ProductPage.objects.filter(slug__startswith="generated-")
    assert generated.count() == 30
    assert all(1 <= p.variants.count() <= 4 for p in generated)
    assert StockLevel.objects.count() == ProductVariant.objects.count()
    for level in StockLevel.objects.all():
        assert level.on_hand == sum(
            level.movements.values_list("delta_on_hand", flat=True)
        )
    product = generated.last()
    assert client.get(product.url).status_code == 200
    assert client.get("/shop/?sort=price_desc").context["paginator"].count == 30
    sku = product.variants.first().sku
    assert product.title in client.get("/search/", {"q": sku}).content.decode()

    # A second run adds more, next to the first, without breaking the tree.
    call_command("generate_catalogue", products=5, stdout=io.StringIO())
    assert ProductPage.objects.filter(slug__startswith="generated-").count() == 35
    assert Page.find_problems() == ([], [], [], [], [])


def test_generate_catalogue_refuses_nonsense():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_catalogue", products=0, stdout=io.StringIO())
