"""Routing by the page's whole path in one query: Wagtail's rules, fewer queries."""

import re

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from home.routing import ancestors_below_root
from tests.factories import ProductCategoryPageFactory
from tests.guides.factories import GuidePageFactory, stocked_product

pytestmark = pytest.mark.django_db


def routing_queries(url: str) -> tuple[int, Page]:
    """Queries Wagtail's `route_for_request` makes for `url`, and the page found."""
    request = RequestFactory().get(url)
    with CaptureQueriesContext(connection) as queries:
        page, _, _ = Page.route_for_request(request, url)
    return len(queries), page


def test_a_deep_page_is_found_in_the_same_number_of_queries_as_a_shallow_one():
    category = ProductCategoryPageFactory(title="Heat packs")
    product = stocked_product("Wheat bag", parent=category)
    deep, found = routing_queries(product.url)
    assert found.pk == product.pk and isinstance(found, type(product))
    shallow, found = routing_queries(category.url)
    assert found.pk == category.pk
    # The site, its home page, the pages on the path, the page served.
    assert deep == shallow == 4


def test_a_repeat_request_routes_without_a_query_until_the_tree_changes():
    category = ProductCategoryPageFactory(title="Heat packs")
    product = stocked_product("Wheat bag", parent=category)
    routing_queries(product.url)
    # Only the site and its home page (the middleware caches those on real requests).
    again, found = routing_queries(product.url)
    assert again == 2
    assert found.pk == product.pk and found.route_trail[-1].pk == category.pk

    # A draft, a lock or an editor's comment changes nothing readers see.
    product.title = "Lavender wheat bag"
    product.save_revision()
    assert routing_queries(product.url)[0] == 2

    # Publishing anything starts again.
    product.save_revision().publish()
    queries, found = routing_queries(product.url)
    assert queries == 4 and found.title == "Lavender wheat bag"


def test_what_changes_a_served_page_without_publishing_shows_at_once():
    guide = GuidePageFactory(title="Night cramps", slug="night-cramps")
    client = Client()
    assert "Night cramps" in client.get(guide.url).content.decode()

    # A live page's own fields saved directly (a script, a data fix).
    guide.title = "Cramps at night"
    guide.save()
    assert "Cramps at night" in client.get(guide.url).content.decode()

    # Its author, joined into the cached route.
    guide.author.name = "Dr Ana Ortiz"
    guide.author.save()
    assert "Dr Ana Ortiz" in client.get(guide.url).content.decode()

    guide.unpublish()
    assert client.get(guide.url).status_code == 404


def test_wagtails_rules_hold():
    guide = GuidePageFactory(title="Night cramps", slug="night-cramps")
    index = guide.get_parent()
    # A draft page is not served, but a live page below a draft one is, as in Wagtail.
    draft = GuidePageFactory(title="Draft", slug="draft", live=False, parent=index)
    child = GuidePageFactory(title="Below a draft", slug="below", parent=draft)
    client = Client()
    assert client.get(guide.url).status_code == 200
    assert client.get(draft.url).status_code == 404
    assert client.get(child.url).status_code == 200
    # A slug in the wrong place, a missing level and a stray one all 404.
    assert client.get(f"/{guide.slug}/").status_code == 404
    assert client.get(guide.url + "extra/").status_code == 404
    assert client.get(index.url + "below/").status_code == 404


def test_breadcrumbs_come_from_the_route_and_match_the_tree():
    category = ProductCategoryPageFactory(title="Heat packs")
    product = stocked_product("Wheat bag", parent=category)
    response = Client().get(product.url)
    served = response.context["page"]
    expected = [p.pk for p in product.get_ancestors() if p.depth > 1]
    assert [p.pk for p in served.route_trail] == expected
    html = response.content.decode()
    nav = html.split('aria-label="Breadcrumb"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
    assert links == [("/", "Home"), ("/shop/", "Shop"), (category.url, "Heat packs")]
    # A page that was not routed works it out (and keeps it).
    fresh = Page.objects.get(pk=product.pk).specific
    assert [p.pk for p in ancestors_below_root(fresh)] == expected
