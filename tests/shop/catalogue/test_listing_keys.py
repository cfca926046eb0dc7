"""The page fields a product's summary copies for the listing (live, featured, tree
path) stay exact through publishing, unpublishing, featuring and moves, so the
listing's order and counts, read from the summaries alone, match the page tree."""

import io
import re

import pytest
from django.core.management import call_command
from wagtail.models import Page

from shop.catalogue.models import ProductPage, ProductSummary
from tests.factories import ProductCategoryPageFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def assert_keys_exact():
    """Every summary holds its page's live, featured and path."""
    pages = {
        pk: (live, featured, path)
        for pk, live, featured, path in ProductPage.objects.values_list(
            "pk", "live", "featured", "path"
        )
    }
    stored = {
        row.product_id: (row.live, row.featured, row.path)
        for row in ProductSummary.objects.all()
    }
    assert stored == pages


def expected_order(under=None) -> list[str]:
    """The listing's default order worked out from the pages themselves."""
    products = ProductPage.objects.live().filter(summary__variant_count__gt=0)
    if under is not None:
        products = products.descendant_of(under)
    return list(products.order_by("-featured", "path").values_list("title", flat=True))


@pytest.fixture
def rollers(shop, category):
    return [
        make_product(category=category, title=f"Roller {n}", images=0)
        for n in range(1, 4)
    ]


@pytest.fixture
def soaks(shop):
    soaks = ProductCategoryPageFactory(parent=shop, title="Bath soaks", slug="soaks")
    return [
        make_product(category=soaks, title=f"Soak {n}", images=0) for n in range(1, 3)
    ]


def test_new_products_carry_their_page_keys(rollers, soaks):
    assert_keys_exact()
    assert ProductSummary.objects.filter(live=True).count() == 5


def test_unpublishing_and_publishing_follow_into_order_and_count(
    client, rollers, soaks
):
    rollers[1].unpublish()
    assert_keys_exact()
    response = client.get("/shop/")
    listed = ["Roller 1", "Roller 3", "Soak 1", "Soak 2"]
    assert titles(response) == expected_order() == listed
    assert "4 products" in response.content.decode()
    assert titles(client.get("/shop/foam-rollers/")) == ["Roller 1", "Roller 3"]

    rollers[1].save_revision().publish()
    assert_keys_exact()
    response = client.get("/shop/")
    assert "Roller 2" in titles(response)
    assert "5 products" in response.content.decode()


def test_unpublishing_through_a_plain_page_instance(client, rollers):
    """Wagtail may save a product through a `Page`, not a `ProductPage`."""
    Page.objects.get(pk=rollers[0].pk).unpublish()
    assert_keys_exact()
    assert titles(client.get("/shop/")) == ["Roller 2", "Roller 3"]


def test_featuring_moves_a_product_first_and_back(client, rollers, soaks):
    soak = ProductPage.objects.get(pk=soaks[1].pk)
    soak.featured = True
    soak.save_revision().publish()
    assert_keys_exact()
    assert titles(client.get("/shop/"))[0] == "Soak 2"
    assert titles(client.get("/shop/soaks/")) == ["Soak 2", "Soak 1"]

    # A plain save (a script, the shell) counts as much as publishing.
    soak.featured = False
    soak.save()
    assert_keys_exact()
    assert titles(client.get("/shop/")) == expected_order()
    assert titles(client.get("/shop/"))[-1] == "Soak 2"


def test_moving_a_product_to_another_category(client, rollers, soaks):
    soaks_page = soaks[0].get_parent()
    ProductPage.objects.get(pk=rollers[0].pk).move(soaks_page, pos="last-child")
    assert_keys_exact()
    assert titles(client.get("/shop/foam-rollers/")) == ["Roller 2", "Roller 3"]
    assert titles(client.get("/shop/soaks/")) == ["Soak 1", "Soak 2", "Roller 1"]
    assert titles(client.get("/shop/")) == expected_order()
    assert "2 products" in client.get("/shop/foam-rollers/").content.decode()


def test_reordering_siblings_shifts_their_paths_too(client, rollers):
    """Moving a product before its first sibling rewrites the siblings' paths."""
    last = ProductPage.objects.get(pk=rollers[2].pk)
    last.move(ProductPage.objects.get(pk=rollers[0].pk), pos="left")
    assert_keys_exact()
    assert titles(client.get("/shop/")) == expected_order()
    assert titles(client.get("/shop/")) == ["Roller 3", "Roller 1", "Roller 2"]


def test_moving_a_category_moves_its_products_in_the_listing(client, rollers, soaks):
    soaks_page = Page.objects.get(pk=soaks[0].get_parent().pk)
    soaks_page.move(Page.objects.get(pk=rollers[0].get_parent().pk), pos="left")
    assert_keys_exact()
    assert titles(client.get("/shop/")) == expected_order()
    assert titles(client.get("/shop/"))[:2] == ["Soak 1", "Soak 2"]


def test_deep_pages_follow_the_same_order(client, category):
    """Page 2 continues where page 1 stopped, featured products first."""
    for n in range(30):
        make_product(
            category=category, title=f"Item {n:02}", images=0, featured=n % 7 == 3
        )
    order = expected_order()
    first, second = titles(client.get("/shop/")), titles(client.get("/shop/?page=2"))
    assert first + second == order
    assert first[:5] == ["Item 03", "Item 10", "Item 17", "Item 24", "Item 00"]


def test_refresh_command_repairs_the_listing_keys(rollers):
    ProductSummary.objects.filter(product=rollers[0]).update(
        live=False, featured=True, path="0000"
    )
    ProductSummary.objects.filter(product=rollers[1]).delete()
    call_command("refresh_product_summaries", stdout=io.StringIO())
    assert_keys_exact()


def test_generated_catalogue_has_exact_keys(home_page):
    call_command("generate_catalogue", products=12, seed=5, stdout=io.StringIO())
    assert_keys_exact()
