"""Product cards kept rendered in the `fragments` cache: rendered once per change,
and never stale, because every value a card shows is part of its key."""

import re
from decimal import Decimal
from unittest import mock

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from home.templatetags import unknot_images
from shop.catalogue.cards import card_products
from shop.inventory.services import adjust_stock

from .conftest import make_product

pytestmark = pytest.mark.django_db


def card(product_pk: int, **context) -> str:
    """The card as a listing renders it: a fresh `card_products()` load each time."""
    product = card_products([product_pk])[product_pk]
    request = RequestFactory().get("/shop/")
    return render_to_string(
        "shop/catalogue/includes/product_card.html",
        {"product": product, "request": request, **context},
    )


def picture_renders():
    return mock.patch.object(
        unknot_images.PictureNode,
        "render",
        autospec=True,
        side_effect=unknot_images.wagtail_tags.PictureNode.render,
    )


def test_an_unchanged_card_is_rendered_once_and_then_served_from_the_cache(category):
    product = make_product(category=category, title="Wheat bag", prices=("19.90",))
    first = card(product.pk)  # renders, and makes the renditions
    with picture_renders() as rendered:
        second = card(product.pk)
    assert rendered.call_count == 0
    assert first == second
    assert "Wheat bag" in second and "€19.90" in second


def test_a_kept_card_reads_no_renditions(category):
    """The key is the picture's file, size and focal point, not its renditions, so a
    kept card costs no rendition query and no rendition-cache read."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    product = make_product(category=category, prices=("19.90",))
    card(product.pk)
    renditions_cache = caches["renditions"]
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(
            renditions_cache, "get_many", wraps=renditions_cache.get_many
        ) as cache_reads,
    ):
        card(product.pk)
    assert not [q for q in queries if "wagtailimages_rendition" in q["sql"]]
    assert cache_reads.call_count == 0


def test_a_stock_change_that_flips_the_badge_shows_at_once(category):
    product = make_product(category=category, prices=("19.90",), stock=(10,))
    variant = product.variants.get()
    assert "In stock" in card(product.pk)

    adjust_stock(variant_id=variant.pk, delta=-8, reason="damaged")
    html = card(product.pk)
    assert "Only 2 left" in html and ">Add to cart<" in html

    adjust_stock(variant_id=variant.pk, delta=-2, reason="damaged")
    html = card(product.pk)
    assert "Out of stock" in html
    assert "Add to cart" not in html and "View details" in html


def test_selling_one_of_many_keeps_the_cached_card(category):
    """The key holds the badge, not the count behind it."""
    product = make_product(category=category, prices=("19.90",), stock=(50,))
    card(product.pk)
    card(product.pk)
    adjust_stock(variant_id=product.variants.get().pk, delta=-1, reason="damaged")
    with picture_renders() as rendered:
        assert "In stock" in card(product.pk)
    assert rendered.call_count == 0


def test_a_price_change_shows_at_once(category):
    product = make_product(category=category, prices=("19.90", "29.90"), stock=(3, 9))
    assert "from</span> €19.90" in card(product.pk)
    cheaper = product.variants.get(name="Option 1")
    cheaper.price = Decimal("17.50")
    cheaper.save()  # as the editor saves it: the stored summary follows
    assert "from</span> €17.50" in card(product.pk)


def test_a_new_title_and_a_moved_focal_point_show_at_once(category):
    product = make_product(category=category, title="Wheat bag", prices=("9.90",))
    before = card(product.pk)
    product.title = "Lavender wheat bag"
    product.save_revision().publish()
    renamed = card(product.pk)
    assert "Lavender wheat bag" in renamed and "Wheat bag<" not in renamed

    image = product.gallery_images.get().image
    image.focal_point_x, image.focal_point_y = 2, 2
    image.focal_point_width = image.focal_point_height = 2
    image.save()
    moved = card(product.pk)

    def sources(html):
        return set(re.findall(r'srcset="([^"]+)"', html))

    assert sources(before) == sources(renamed)
    assert sources(moved) != sources(renamed)


def test_each_page_gets_its_own_source_page_field(category):
    product = make_product(category=category, prices=("9.90",))
    on_a = card(product.pk, page=mock.Mock(pk=101))
    on_b = card(product.pk, page=mock.Mock(pk=202))
    assert 'name="source_page" value="101"' in on_a
    assert 'name="source_page" value="202"' in on_b
