"""AddToCartForm: the one gate between a shopper's click and a cart line."""

import pytest
from django.test import override_settings

from shop.catalogue.forms import AddToCartForm
from shop.inventory.models import StockLevel, StockMovement
from tests.factories import ProductVariantFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(category):
    return make_product(category=category, prices=("19.90", "24.90"), stock=(5, 0))


def stock_snapshot():
    return (
        list(StockLevel.objects.order_by("pk").values_list("on_hand", "reserved")),
        StockMovement.objects.count(),
    )


def test_valid_choice_returns_the_variant_and_the_quantity(product):
    variant = product.variants.get(name="Option 1")
    form = AddToCartForm(
        {"variant": str(variant.pk), "quantity": "2", "product": str(product.pk)},
        product=product,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["variant"] == variant
    assert form.cleaned_data["quantity"] == 2


def test_cart_view_can_use_the_form_without_knowing_the_product(product):
    variant = product.variants.get(name="Option 1")
    form = AddToCartForm({"variant": variant.pk, "quantity": 1})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    "quantity,message",
    [
        ("0", "Choose at least 1."),
        ("-3", "Choose at least 1."),
        ("1.5", "Enter a whole number."),
        ("two", "Enter a whole number."),
        ("", "Enter a quantity."),
        ("11", "You can buy up to 10 of one item per order."),
        ("99999999999999999999", "You can buy up to 10 of one item per order."),
    ],
)
def test_bad_quantities_get_a_form_error_and_change_nothing(product, quantity, message):
    variant = product.variants.get(name="Option 1")
    before = stock_snapshot()
    form = AddToCartForm({"variant": variant.pk, "quantity": quantity}, product=product)
    assert not form.is_valid()
    assert form.errors["quantity"] == [message]
    assert stock_snapshot() == before


@override_settings(SHOP_MAX_QUANTITY_PER_LINE=3)
def test_the_per_line_limit_comes_from_the_setting(product):
    variant = product.variants.get(name="Option 1")
    form = AddToCartForm({"variant": variant.pk, "quantity": "4"}, product=product)
    assert not form.is_valid()
    assert form.errors["quantity"] == ["You can buy up to 3 of one item per order."]
    assert 'max="3"' in str(form["quantity"])


@pytest.mark.parametrize("variant_value", ["999999", "abc", "", "-1", "1; DROP"])
def test_unknown_or_garbled_variants_are_refused(product, variant_value):
    form = AddToCartForm({"variant": variant_value, "quantity": "1"}, product=product)
    assert not form.is_valid()
    assert "variant" in form.errors


def test_a_variant_of_another_product_is_refused(product, category):
    other = make_product(category=category, prices=("9.90",), stock=(5,))
    foreign = other.variants.get()
    form = AddToCartForm({"variant": foreign.pk, "quantity": "1"}, product=product)
    assert not form.is_valid()
    assert form.errors["variant"] == ["That option does not belong to this product."]


def test_a_posted_product_id_must_match_the_variant(product, category):
    other = make_product(category=category, prices=("9.90",), stock=(5,))
    variant = product.variants.get(name="Option 1")
    form = AddToCartForm({"variant": variant.pk, "quantity": "1", "product": other.pk})
    assert not form.is_valid()
    assert form.errors["variant"] == ["That option does not belong to this product."]


def test_inactive_variants_and_unpublished_products_cannot_be_bought(product):
    inactive = ProductVariantFactory(product=product, is_active=False)
    form = AddToCartForm({"variant": inactive.pk, "quantity": "1"}, product=product)
    assert not form.is_valid()
    assert form.errors["variant"] == ["That option is not available."]

    variant = product.variants.get(name="Option 1")
    product.unpublish()
    form = AddToCartForm({"variant": variant.pk, "quantity": "1"})
    assert not form.is_valid()
    assert form.errors["variant"] == ["That option is not available."]


def test_out_of_stock_variant_is_refused(product):
    sold_out = product.variants.get(name="Option 2")
    form = AddToCartForm({"variant": sold_out.pk, "quantity": "1"}, product=product)
    assert not form.is_valid()
    assert "is out of stock" in form.errors["variant"][0]


def test_more_than_available_names_what_is_left(product):
    variant = product.variants.get(name="Option 1")
    form = AddToCartForm({"variant": variant.pk, "quantity": "6"}, product=product)
    assert not form.is_valid()
    assert form.errors["quantity"] == [f"Only 5 of {variant.display_name} left."]


def test_units_already_in_the_cart_count_against_stock_and_the_line_limit(product):
    variant = product.variants.get(name="Option 1")
    form = AddToCartForm({"variant": variant.pk, "quantity": "2"}, already_in_cart=4)
    assert not form.is_valid()
    assert "Only 5 of" in form.errors["quantity"][0]

    with override_settings(SHOP_MAX_QUANTITY_PER_LINE=5):
        form = AddToCartForm(
            {"variant": variant.pk, "quantity": "1"}, already_in_cart=5
        )
        assert not form.is_valid()
        assert "up to 5 of one item" in form.errors["quantity"][0]
