"""`card_products`: product pages kept with the page tree, figures read fresh.

A card's page (title, address, picture) may come from the tree cache, so every test
here changes something and reads the cards again in the same process, as the next
request would.
"""

from decimal import Decimal

import pytest

from shop.catalogue.cards import card_products, cards_in_order
from shop.catalogue.models import ProductGalleryImage, ProductPage
from shop.inventory.services import adjust_stock

from .conftest import make_product, tiny_image

pytestmark = pytest.mark.django_db


def test_cards_carry_the_summary_figures_and_the_first_picture(category):
    product = make_product(category=category, prices=("19.90", "29.90"), stock=(3, 9))
    card = card_products([product.pk])[product.pk]
    assert (card.min_price, card.max_price) == (Decimal("19.90"), Decimal("29.90"))
    assert (card.variant_count, card.available_total) == (2, 12)
    assert card.title == product.title
    assert card.first_image == product.gallery_images.first().image
    plain = ProductPage.objects.get(pk=product.pk)  # reads its own figures
    assert card.card_info(5) == plain.card_info(5)


def test_a_kept_card_reads_its_stock_and_price_in_one_query(
    category, django_assert_num_queries
):
    product = make_product(category=category, prices=("19.90",), stock=(10,))
    card_products([product.pk])  # keeps the page
    variant = product.variants.get()
    adjust_stock(variant_id=variant.pk, delta=-8, reason="damaged")
    variant.price = Decimal("17.50")
    variant.save()

    with django_assert_num_queries(1):
        card = card_products([product.pk])[product.pk]
    assert card.available_total == 2
    assert card.min_price == Decimal("17.50")
    assert card.card_info(5).state.label == "Only 2 left"


def test_a_product_with_nothing_to_sell_gets_no_card(category):
    product = make_product(category=category)
    assert product.pk in card_products([product.pk])
    product.variants.update(is_active=False)
    product.variants.first().save()  # the summary follows the variant's save
    assert card_products([product.pk]) == {}


def test_an_unpublished_product_leaves_every_card_at_once(category):
    shown, withdrawn = (make_product(category=category) for _ in range(2))
    assert set(card_products([shown.pk, withdrawn.pk])) == {shown.pk, withdrawn.pk}
    withdrawn.unpublish()
    assert set(card_products([shown.pk, withdrawn.pk])) == {shown.pk}


def test_a_published_rename_shows_on_the_card(category):
    product = make_product(category=category, title="Wheat bag")
    card_products([product.pk])
    product.title = "Lavender wheat bag"
    product.save_revision().publish()
    assert card_products([product.pk])[product.pk].title == "Lavender wheat bag"


def test_a_new_first_picture_shows_even_without_a_publish(category):
    """A gallery row changed by a script updates the summary, not the tree: the
    card still shows the summary's picture."""
    product = make_product(category=category, images=1)
    newer = tiny_image("Newer")  # saving a picture starts a new tree generation
    old = card_products([product.pk])[product.pk].first_image
    ProductGalleryImage.objects.create(
        page=product, image=newer, alt_text="Newer", sort_order=-1
    )
    card = card_products([product.pk])[product.pk]
    assert card.first_image == newer != old


def test_cards_in_order_keeps_the_callers_order_and_leaves_out_gaps(category):
    first, second = make_product(category=category), make_product(category=category)
    assert cards_in_order([second.pk, None, 999_999, first.pk]) == [second, first]
