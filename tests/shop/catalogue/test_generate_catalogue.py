"""The bulk catalogue generator (the demo catalogue is checked in
tests/test_demo_site.py)."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import Page

from home.models import BodyArea
from shop.catalogue.models import (
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
