"""Admin: the variants listing (search, filters, no stock editing)."""

import pytest
from django.urls import reverse

from shop.catalogue.models import ProductVariant
from shop.inventory import services
from shop.inventory.models import StockLevel
from tests.factories import ProductCategoryPageFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "editor", "editor@example.com", "pw"
    )
    client.force_login(user)
    return client


@pytest.fixture
def stock_catalogue(shop, category):
    soaks = ProductCategoryPageFactory(parent=shop, title="Bath soaks", slug="soaks")
    roller = make_product(
        category=category,
        title="Grid roller",
        prices=("29.90", "32.90", "35.90"),
        stock=(20, 2, 0),
    )
    soak = make_product(category=soaks, title="Epsom soak", prices=("9.90",))
    variants = roller.variants.order_by("sort_order")
    names = dict(zip(("plenty", "low", "out"), variants, strict=True))
    names["soak"] = soak.variants.get()
    return names


def listed_skus(response) -> set[str]:
    html = response.content.decode()
    return {
        sku
        for sku in ProductVariant.objects.values_list("sku", flat=True)
        if sku in html
    }


def test_variant_listing_shows_category_price_and_stock_state(
    admin_client, stock_catalogue
):
    response = admin_client.get(reverse("catalogue_variant:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Foam rollers" in html and "Bath soaks" in html
    assert "€32.90" in html
    assert "Low (2 available)" in html
    assert "Out of stock" in html


def test_variant_listing_searches_sku_and_names(admin_client, stock_catalogue):
    url = reverse("catalogue_variant:index")
    soak = stock_catalogue["soak"]
    assert listed_skus(admin_client.get(url, {"q": soak.sku})) == {soak.sku}
    assert listed_skus(admin_client.get(url, {"q": "epsom"})) == {soak.sku}
    assert len(listed_skus(admin_client.get(url, {"q": "grid roller"}))) == 3


def test_variant_listing_filters_by_category_and_stock_state(
    admin_client, stock_catalogue, category
):
    url = reverse("catalogue_variant:index")
    by_category = admin_client.get(url, {"category": category.pk})
    assert listed_skus(by_category) == {
        stock_catalogue[key].sku for key in ("plenty", "low", "out")
    }
    assert listed_skus(admin_client.get(url, {"stock_state": "low"})) == {
        stock_catalogue["low"].sku
    }
    assert listed_skus(admin_client.get(url, {"stock_state": "out"})) == {
        stock_catalogue["out"].sku
    }
    in_stock = listed_skus(admin_client.get(url, {"stock_state": "in_stock"}))
    assert in_stock == {stock_catalogue["plenty"].sku, stock_catalogue["soak"].sku}
    # A SKU's own threshold moves it between low and in stock.
    StockLevel.objects.filter(variant=stock_catalogue["plenty"]).update(
        low_stock_threshold=25
    )
    assert stock_catalogue["plenty"].sku in listed_skus(
        admin_client.get(url, {"stock_state": "low"})
    )


def test_editing_a_variant_cannot_touch_stock(admin_client, stock_catalogue):
    variant = stock_catalogue["low"]
    url = reverse("catalogue_variant:edit", args=[variant.pk])
    form_html = admin_client.get(url).content.decode()
    for stock_field in ("on_hand", "reserved", "available"):
        assert f'name="{stock_field}"' not in form_html
    response = admin_client.post(
        url,
        {
            "product": variant.product_id,
            "sku": variant.sku,
            "name": "Firm",
            "price": "31.50",
            "compare_at_price": "",
            "cost_price": "",
            "weight_grams": "700",
            "sort_order": "1",
            "is_active": "on",
            "on_hand": "999",
            "reserved": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    variant.refresh_from_db()
    assert (variant.name, str(variant.price)) == ("Firm", "31.50")
    assert (variant.stock.on_hand, variant.stock.reserved) == (2, 0)


def test_compare_at_price_must_be_higher_than_the_price(admin_client, stock_catalogue):
    variant = stock_catalogue["plenty"]
    response = admin_client.post(
        reverse("catalogue_variant:edit", args=[variant.pk]),
        {
            "product": variant.product_id,
            "sku": variant.sku,
            "name": variant.name,
            "price": "29.90",
            "compare_at_price": "19.90",
            "weight_grams": "0",
            "sort_order": "0",
        },
    )
    assert response.status_code == 200
    assert (
        "The earlier price must be higher than the price." in response.content.decode()
    )


def test_adding_a_variant_from_the_product_page_prefills_the_product(
    admin_client, stock_catalogue
):
    product = stock_catalogue["soak"].product
    response = admin_client.get(
        reverse("catalogue_variant:add") + f"?product={product.pk}"
    )
    assert response.status_code == 200
    assert f'value="{product.pk}"' in response.content.decode()
    response = admin_client.get(reverse("catalogue_variant:add") + "?product=abc")
    assert response.status_code == 200


def test_a_variant_with_stock_history_is_deactivated_not_deleted(
    admin_client, stock_catalogue
):
    variant = stock_catalogue["plenty"]
    url = reverse("catalogue_variant:delete", args=[variant.pk])
    response = admin_client.post(url)
    assert response.status_code == 302
    assert ProductVariant.objects.filter(pk=variant.pk).exists()
    fresh = make_product(prices=("5.00",), stock=(0,)).variants.get()
    admin_client.post(reverse("catalogue_variant:delete", args=[fresh.pk]))
    assert not ProductVariant.objects.filter(pk=fresh.pk).exists()


def test_product_page_editor_lists_variants_read_only(admin_client, stock_catalogue):
    product = stock_catalogue["low"].product
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[product.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert stock_catalogue["low"].sku in html
    assert "2 on hand, 0 reserved" in html
    assert 'name="on_hand"' not in html


def test_reverting_a_product_page_never_changes_prices_or_stock(
    admin_client, stock_catalogue
):
    variant = stock_catalogue["plenty"]
    product = variant.product
    first_revision = product.save_revision()
    first_revision.publish()
    product.title = "Grid roller, renamed"
    product.save_revision().publish()
    ProductVariant.objects.filter(pk=variant.pk).update(price="39.90")
    services.receive(lines={variant.pk: 5}, reference="DN-2")
    first_revision.publish()
    variant.refresh_from_db()
    assert str(variant.price) == "39.90"
    assert variant.stock.on_hand == 25
