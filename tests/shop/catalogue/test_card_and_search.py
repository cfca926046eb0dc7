"""The reusable product card, site search over products, and the cart hand-off."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from shop.catalogue.models import ProductPage
from shop.catalogue.templatetags.catalogue_tags import format_money
from tests.factories import ProductVariantFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db


def render_card(product, **context):
    request = RequestFactory().get("/guides/some-guide/")
    return render_to_string(
        "shop/catalogue/includes/product_card.html",
        {"product": product, "request": request, **context},
    )


def test_card_renders_a_plain_product_page_as_guides_pass_it(category):
    product = make_product(category=category, title="Wheat bag", prices=("19.90",))
    plain = ProductPage.objects.get(pk=product.pk)  # no listing annotations
    html = render_card(plain, note="Warmth for a stiff neck.")
    assert "Wheat bag" in html
    assert "Warmth for a stiff neck." in html
    assert "€19.90" in html
    assert "In stock" in html
    assert "<picture>" in html and 'loading="lazy"' in html
    assert 'name="csrfmiddlewaretoken" value=""' in html
    variant = product.variants.get()
    assert f'name="variant" value="{variant.pk}"' in html
    assert ">Add to cart<" in html


def test_card_for_several_variants_links_to_choose_options(category):
    product = make_product(category=category, prices=("19.90", "29.90"), stock=(1, 1))
    html = render_card(ProductPage.objects.get(pk=product.pk))
    assert "from</span> €19.90" in html
    assert "Choose options" in html
    assert 'name="variant"' not in html


def test_card_for_sold_out_product_has_no_buy_button(category):
    product = make_product(category=category, prices=("19.90",), stock=(0,))
    html = render_card(ProductPage.objects.get(pk=product.pk))
    assert "Out of stock" in html
    assert "Add to cart" not in html
    assert "View details" in html


def test_card_with_one_of_two_variants_deactivated_offers_quick_buy(category):
    product = make_product(category=category, prices=("19.90", "29.90"), stock=(4, 4))
    # Saved, as the editor does (a queryset update() would skip the stored summary).
    second = product.variants.get(name="Option 2")
    second.is_active = False
    second.save()
    html = render_card(ProductPage.objects.get(pk=product.pk))
    assert "Add to cart" in html
    assert "€19.90" in html and "from" not in html


@pytest.mark.parametrize(
    "amount,text",
    [("24.9", "€24.90"), ("1234.5", "€1,234.50"), (None, ""), ("junk", "")],
)
def test_money_format(amount, text):
    assert format_money(amount) == text


def test_card_add_to_cart_form_is_accepted_by_the_cart(client, category):
    product = make_product(category=category, title="Gel pack", prices=("9.90",))
    html = client.get("/shop/").content.decode()
    form = re.search(
        r'<form class="product-card__buy" method="post" action="([^"]+)">(.*?)</form>',
        html,
        re.S,
    )
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form.group(2)))
    fields.pop("csrfmiddlewaretoken")
    response = client.post(form.group(1), fields)
    assert response.status_code == 302
    cart = client.get("/cart/").content.decode()
    assert "Gel pack" in cart
    assert product.variants.get().sku in cart or "9.90" in cart


def test_products_are_found_by_name_description_and_sku(client, category):
    product = make_product(
        category=category,
        title="Peanut massage ball",
        short_description="Sits either side of the spine.",
    )
    variant = ProductVariantFactory(product=product, sku="BAL-PNT-77", name="Firm")
    product.description = "<p>Made of natural rubber.</p>"
    product.save_revision().publish()
    for query in ("peanut", "spine", "rubber", variant.sku):
        response = client.get("/search/", {"q": query})
        assert "Peanut massage ball" in response.content.decode(), query


def test_a_new_variant_makes_its_sku_searchable_once_committed(
    client, category, django_capture_on_commit_callbacks
):
    product = make_product(category=category, title="Heat pad")
    with django_capture_on_commit_callbacks(execute=True):
        ProductVariantFactory(product=product, sku="PAD-NEW-99")
    response = client.get("/search/", {"q": "PAD-NEW-99"})
    assert "Heat pad" in response.content.decode()


def test_product_hits_in_search_show_image_price_and_stock_like_the_cards(
    client, category
):
    make_product(category=category, title="Peanut massage ball", prices=("12.90",))
    make_product(
        category=category, title="Peanut roller", prices=("19.90",), stock=(0,)
    )

    html = client.get("/search/", {"q": "peanut"}).content.decode()

    hits = re.findall(
        r'<li class="search-result search-result--product">.*?</li>', html, re.S
    )
    assert len(hits) == 2
    ball = next(hit for hit in hits if "Peanut massage ball" in hit)
    roller = next(hit for hit in hits if "Peanut roller" in hit)
    assert "<img" in ball and "€12.90" in ball and "In stock" in ball
    assert "€19.90" in roller and "Out of stock" in roller
    # The whole products group, paginated, shows them the same way.
    kind = client.get("/search/", {"q": "peanut", "kind": "products"}).content.decode()
    assert kind.count('class="search-result search-result--product"') == 2
