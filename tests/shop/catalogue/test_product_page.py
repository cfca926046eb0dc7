"""The product page: variant selector, stock badge, JSON-LD, links, query count."""

import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site
from wagtail.test.utils import WagtailPageTestCase

from home.models import SiteSettings
from home.routing import ancestor_of_type, ancestors_below_root
from shop.catalogue.detail import product_detail_context, related_products
from shop.catalogue.models import (
    ProductCategoryPage,
    ProductPage,
    ProductPairing,
    ProductVariant,
    ShopIndexPage,
)
from shop.inventory import services
from shop.inventory.models import StockLevel
from tests.factories import BodyAreaFactory, ProductVariantFactory

from .conftest import make_product, pair

pytestmark = pytest.mark.django_db


def json_ld(response) -> dict:
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    return json.loads(match.group(1))


@pytest.fixture
def roller(category):
    return make_product(
        category=category,
        title="Smooth roller",
        slug="smooth-roller",
        prices=("19.90", "24.90", "34.90"),
        stock=(12, 2, 0),
        images=3,
    )


class ProductPageTreeTests(WagtailPageTestCase):
    def test_product_pages_live_in_categories_and_render(self):
        product = make_product(prices=("9.90",))
        self.assertPageIsRenderable(product)
        self.assertPageIsRenderable(product.get_parent().specific)
        self.assertCanCreateAt(ProductCategoryPage, ProductPage)
        self.assertCanNotCreateAt(ShopIndexPage, ProductPage)
        self.assertCanCreateAt(ShopIndexPage, ProductCategoryPage)
        self.assertAllowedSubpageTypes(ProductPage, {})


def test_variant_selector_works_without_javascript(client, roller):
    html = client.get(roller.url).content.decode()
    radios = re.findall(r'<input type="radio" name="variant"[^>]*>', html)
    assert len(radios) == 3
    assert "checked" in radios[0]
    assert "disabled" in radios[2]  # out of stock
    assert 'action="/cart/add/"' in html
    assert f'name="product" value="{roller.pk}"' in html
    assert 'name="quantity" value="1" min="1" max="10"' in html
    assert 'name="csrfmiddlewaretoken" value=""' in html


def test_query_string_picks_the_variant_and_nonsense_falls_back(client, roller):
    second = roller.variants.get(name="Option 2")
    html = client.get(f"{roller.url}?variant={second.pk}").content.decode()
    assert re.search(rf'value="{second.pk}" checked', html)
    assert "Only 2 left" in html
    for junk in ("abc", "999999", "", "%00"):
        response = client.get(f"{roller.url}?variant={junk}")
        assert response.status_code == 200
        assert response.context["selected_option"].variant.name == "Option 1"


def test_stock_badges_in_stock_low_and_out(client, category):
    product = make_product(category=category, prices=("9.90",), stock=(12,))
    assert "In stock" in client.get(product.url).content.decode()
    variant = product.variants.get()
    services.reserve(lines={variant.pk: 9}, reference="ORDER-1")
    assert "Only 3 left" in client.get(product.url).content.decode()
    services.reserve(lines={variant.pk: 3}, reference="ORDER-2")
    html = client.get(product.url).content.decode()
    assert "Out of stock" in html
    assert re.search(r"<button[^>]*disabled[^>]*>Out of stock</button>", html)


def test_low_stock_threshold_follows_site_settings_and_per_sku_override(
    client, category
):
    product = make_product(category=category, prices=("9.90",), stock=(4,))
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.low_stock_threshold = 2
    settings.save()
    assert "In stock" in client.get(product.url).content.decode()
    StockLevel.objects.filter(variant__product=product).update(low_stock_threshold=6)
    assert "Only 4 left" in client.get(product.url).content.decode()


def test_json_ld_offers_follow_live_stock(client, roller):
    data = json_ld(client.get(roller.url))
    assert data["@type"] == "Product"
    assert data["name"] == "Smooth roller"
    assert len(data["image"]) == 3 and data["image"][0].startswith("http")
    offers = {offer["sku"]: offer for offer in data["offers"]}
    skus = list(roller.variants.order_by("sort_order").values_list("sku", flat=True))
    assert offers[skus[0]]["price"] == "19.90"
    assert offers[skus[0]]["priceCurrency"] == "EUR"
    assert offers[skus[0]]["availability"] == "https://schema.org/InStock"
    assert offers[skus[2]]["availability"] == "https://schema.org/OutOfStock"
    services.receive(lines={roller.variants.get(sku=skus[2]).pk: 5}, reference="DN")
    offers = {
        offer["sku"]: offer for offer in json_ld(client.get(roller.url))["offers"]
    }
    assert offers[skus[2]]["availability"] == "https://schema.org/InStock"


def test_json_ld_escapes_markup_in_editor_text(client, category):
    product = make_product(
        category=category, title="Roller </script><script>alert(1)</script>"
    )
    html = client.get(product.url).content.decode()
    assert "</script><script>alert(1)" not in html
    assert json_ld(client.get(product.url))["name"].startswith("Roller </script>")


def test_inactive_variants_are_not_offered(client, roller):
    ProductVariant.objects.filter(product=roller, name="Option 3").update(
        is_active=False
    )
    response = client.get(roller.url)
    assert len(json_ld(response)["offers"]) == 2
    assert len(re.findall(r'name="variant"', response.content.decode())) == 2


def test_single_variant_product_sends_its_variant_without_a_picker(client, category):
    product = make_product(category=category, prices=("9.90",), stock=(5,))
    variant = product.variants.get()
    html = client.get(product.url).content.decode()
    assert f'<input type="hidden" name="variant" value="{variant.pk}">' in html
    assert 'type="radio"' not in html
    assert json_ld(client.get(product.url))["sku"] == variant.sku


def test_breadcrumb_body_areas_and_pairings(client, shop, category, roller):
    calf = BodyAreaFactory(slug="calf", name="Calf")
    roller.body_areas.set([calf])
    roller.save_revision().publish()
    ball = make_product(category=category, title="Massage ball", prices=("12.90",))
    strap = make_product(category=category, title="Strap", prices=("14.90",))
    pair(roller, strap, ball)
    html = client.get(roller.url).content.decode()
    assert '<a href="/shop/">Shop</a>' in html
    assert '<a href="/shop/foam-rollers/">Foam rollers</a>' in html
    assert '<a href="/shop/?area=calf">calf</a>' in html
    assert "Pairs well with" in html
    related = re.findall(r'card__title"><a href="[^"]+">([^<]+)<', html)
    assert related == ["Strap", "Massage ball"]
    # Each related card shows its own first picture; the gallery shows all three.
    assert html.count('class="card__image"') == 2
    assert html.count('class="gallery__slide"') == 3


def test_without_pairings_products_from_the_same_category_are_suggested(
    client, category, roller
):
    make_product(category=category, title="Grid roller", prices=("29.90",))
    html = client.get(roller.url).content.decode()
    assert "You may also like" in html
    assert "Grid roller" in html


def test_related_products_leave_out_view_restricted_ones(client, category, roller):
    from wagtail.models import PageViewRestriction

    secret = make_product(category=category, title="Members' roller")
    open_ = make_product(category=category, title="Open roller")
    PageViewRestriction.objects.create(page=secret, restriction_type="login")
    html = client.get(roller.url).content.decode()
    assert "Members&#x27; roller" not in html and "Members' roller" not in html
    assert "Open roller" in html
    pair(roller, secret, open_)
    related = re.findall(
        r'card__title"><a href="[^"]+">([^<]+)<',
        client.get(roller.url).content.decode(),
    )
    assert related == ["Open roller"]


def test_preview_shows_the_revisions_pairings_not_the_live_ones(category, roller):
    ball = make_product(category=category, title="Massage ball", prices=("12.90",))
    strap = make_product(category=category, title="Strap", prices=("14.90",))
    pair(roller, ball)
    # What the editor's preview renders: the page with the form's pairings in memory.
    draft = ProductPage.objects.get(pk=roller.pk)
    draft.pairings = [ProductPairing(product=strap, sort_order=0)]
    context = product_detail_context(draft, RequestFactory().get(roller.url))
    assert [page.title for page in context["related_products"]] == ["Strap"]
    assert context["related_heading"] == "Pairs well with"
    live = ProductPage.objects.get(pk=roller.pk)
    assert [page.title for page in related_products(live)[0]] == ["Massage ball"]


def test_the_shop_link_and_breadcrumbs_share_one_ancestors_read(shop, category, roller):
    page = ProductPage.objects.get(pk=roller.pk)
    with CaptureQueriesContext(connection) as queries:
        trail = [ancestor.pk for ancestor in ancestors_below_root(page)]
        assert [ancestor.pk for ancestor in ancestors_below_root(page)] == trail
        assert ancestor_of_type(page, ShopIndexPage).pk == shop.pk
    assert len(queries) == 1
    assert trail[-2:] == [shop.pk, category.pk]
    assert ancestor_of_type(page, ProductPage) is None


def test_product_without_variants_says_it_is_unavailable(client, category):
    product = make_product(category=category, prices=(), stock=())
    response = client.get(product.url)
    assert response.status_code == 200
    assert "Not available at the moment" in response.content.decode()
    assert json_ld(response)["offers"] == []


def test_product_page_query_count_does_not_grow_with_variants_images_pairings(
    client, category
):
    def build(count):
        product = make_product(
            category=category,
            prices=["10.00"] * count,
            stock=[3] * count,
            images=count,
        )
        others = [
            make_product(category=category, prices=("5.00",), images=1)
            for _ in range(min(count, 4))
        ]
        pair(product, *others)
        BodyAreaFactory.create_batch(count)
        return product

    def measure(product):
        # The cache outlives each test's database rollback: start from empty.
        cache.clear()
        client.get(product.url)  # renditions are created on the first view
        cache.clear()  # measure with a cold cache: every lookup hits the database
        with CaptureQueriesContext(connection) as queries:
            response = client.get(product.url)
        assert response.status_code == 200
        return len(queries), response

    small, response = measure(build(5))
    assert len(response.context["variant_options"]) == 5
    large, response = measure(build(50))
    assert len(response.context["variant_options"]) == 50
    assert len(response.context["gallery"]) == 50
    assert small == large
    # incl. the footer's policy links (one query) and the published reviews (one
    # query, when the reviews app is installed as the rating source); the related
    # cards are one query (pictures joined), their renditions share a query with the
    # gallery, the share image reuses the gallery's first picture, and the
    # breadcrumb, its JSON-LD and the shop link share one read of the ancestors.
    assert large <= 23, large


def test_variant_out_of_another_product_in_query_string_is_ignored(client, roller):
    other = ProductVariantFactory()
    response = client.get(f"{roller.url}?variant={other.pk}")
    assert response.context["selected_option"].variant.product_id == roller.pk


def related_titles(client, product) -> list[str]:
    html = client.get(product.url).content.decode()
    section = html.split("You may also like", 1)[-1] if "You may also" in html else ""
    return re.findall(r'card__title"><a href="[^"]+">([^<]+)<', section)


def test_related_products_follow_what_is_for_sale_without_a_tree_change(
    client, category, roller
):
    ball, strap, mat = (
        make_product(category=category, title=title)
        for title in ("Massage ball", "Strap", "Mat")
    )
    assert related_titles(client, roller) == ["Massage ball", "Strap", "Mat"]
    # Saved as the editor saves it: the stored summary follows, no page changes.
    variant = strap.variants.get()
    variant.is_active = False
    variant.save()
    assert related_titles(client, roller) == ["Massage ball", "Mat"]


def test_siblings_mostly_not_for_sale_are_read_afresh(client, category, roller):
    from shop.catalogue.detail import SIBLING_CANDIDATES

    for number in range(SIBLING_CANDIDATES):
        make_product(
            category=category, title=f"Coming soon {number}", prices=(), stock=()
        )
    make_product(category=category, title="Wheat bag")
    assert related_titles(client, roller) == ["Wheat bag"]
