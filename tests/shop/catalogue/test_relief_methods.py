"""Products and relief methods: guides plug into the catalogue's extension points.

The shop never imports guides (tests may): these tests create relief-method pages
with the guides' factories and check the filter and the product page's links.
"""

import re

import pytest

from guides.models import ReliefMethodProduct
from guides.shop_extensions import RELIEF_METHOD_FILTER, GuidesProductLinks
from shop.catalogue import extensions
from tests.guides.factories import GuidePageFactory, ReliefMethodPageFactory

from .conftest import make_product

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def linked(category):
    stretching = ReliefMethodPageFactory(title="Stretching", slug="stretching")
    warmth = ReliefMethodPageFactory(title="Warm compress", slug="warm-compress")
    strap = make_product(category=category, title="Stretch strap")
    roller = make_product(category=category, title="Foam roller")
    wheat = make_product(category=category, title="Wheat bag")
    for order, product in enumerate((strap, roller)):
        ReliefMethodProduct.objects.create(
            page=stretching, product=product, sort_order=order
        )
    ReliefMethodProduct.objects.create(page=warmth, product=wheat, sort_order=0)
    return {"stretching": stretching, "warmth": warmth, "strap": strap, "wheat": wheat}


def test_guides_register_with_the_catalogue_without_the_shop_importing_guides():
    assert RELIEF_METHOD_FILTER in extensions.listing_filters()
    providers = extensions._registry.link_providers.values()
    assert any(isinstance(provider, GuidesProductLinks) for provider in providers)


def test_listing_filters_by_relief_method(client, linked):
    response = client.get("/shop/?relief=stretching")
    assert sorted(titles(response)) == ["Foam roller", "Stretch strap"]
    html = response.content.decode()
    assert '<option value="stretching" selected>Stretching</option>' in html
    assert "Warm compress" in html  # offered as a choice
    assert titles(client.get("/shop/foam-rollers/?relief=warm-compress")) == [
        "Wheat bag"
    ]


def test_unknown_or_unpublished_relief_methods_match_nothing(client, linked):
    # Not one of the choices, so the parameter is ignored.
    assert len(titles(client.get("/shop/?relief=no-such-method"))) == 3
    linked["warmth"].unpublish()
    response = client.get("/shop/?relief=warm-compress")
    # No longer a choice, so the parameter is ignored rather than emptying the shop.
    assert len(titles(response)) == 3
    assert "Warm compress" not in response.content.decode()


def test_product_page_links_the_relief_methods_and_guides_that_mention_it(
    client, linked
):
    strap = linked["strap"]
    guide = GuidePageFactory(
        title="Calf cramps at night",
        body=[{"type": "product", "value": {"product": strap.pk, "note": "Helps"}}],
    )
    guide.save_revision().publish()
    unpublished = GuidePageFactory(
        title="Draft guide",
        body=[{"type": "product", "value": {"product": strap.pk, "note": ""}}],
    )
    unpublished.unpublish()
    html = client.get(strap.url).content.decode()
    helps_with = html[html.index('id="helps-with-heading"') :]
    assert f'<a href="{linked["stretching"].url}">Stretching</a>' in helps_with
    assert "Warm compress" not in helps_with
    assert f'<a href="{guide.url}">Calf cramps at night</a>' in html
    assert "Draft guide" not in html


def test_view_restricted_relief_methods_and_guides_are_neither_linked_nor_offered(
    client, linked
):
    from wagtail.models import PageViewRestriction

    strap = linked["strap"]
    guide = GuidePageFactory(
        title="Members' guide",
        body=[{"type": "product", "value": {"product": strap.pk, "note": ""}}],
    )
    guide.save_revision().publish()
    for page in (linked["stretching"], guide):
        PageViewRestriction.objects.create(page=page, restriction_type="login")
    html = client.get(strap.url).content.decode()
    assert "Stretching" not in html
    assert "Members" not in html
    listing = client.get("/shop/").content.decode()
    assert '<option value="stretching"' not in listing
    assert '<option value="warm-compress"' in listing


def test_product_page_queries_do_not_grow_with_the_pages_that_link_it(client, linked):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(product):
        cache.clear()
        client.get(product.url)  # renditions are created on the first view
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(product.url).status_code == 200
        return len(queries)

    wheat = linked["wheat"]  # one method recommends it, no guide mentions it
    alone = count(wheat)
    for number in range(3):
        GuidePageFactory(
            title=f"Guide {number}",
            body=[{"type": "product", "value": {"product": wheat.pk, "note": ""}}],
        ).save_revision().publish()
        ReliefMethodProduct.objects.create(
            page=ReliefMethodPageFactory(title=f"Method {number}"),
            product=wheat,
            sort_order=0,
        )
    html = client.get(wheat.url).content.decode()
    assert html.count("Guide ") >= 3 and html.count("Method ") >= 3
    assert count(wheat) == alone
