"""The finder page: each step, the care card, the result, caching and queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import urlencode

from guides.finder.models import FinderDailyCount
from guides.models import Cause, ReliefMethodProduct
from tests.factories import ProductCategoryPageFactory
from tests.guides.factories import (
    GuidePageFactory,
    ReliefMethodPageFactory,
    stocked_product,
)

from .conftest import ALL_CLEAR, NIGHT_AND_EXERCISE

MAX_QUERIES = 60


def url(page, pairs=()) -> str:
    pairs = list(pairs.items() if isinstance(pairs, dict) else pairs)
    return f"{page.url}?{urlencode(pairs)}" if pairs else page.url


def test_first_step_asks_each_red_flag_in_its_own_fieldset(client, finder_page):
    html = client.get(url(finder_page)).content.decode()
    assert html.count("<fieldset") == 5 and html.count("<legend>") == 5
    assert "Not a diagnosis." in html
    assert 'name="rf-chest-pain" value="yes" required' in html
    assert 'method="get"' in html


def test_a_red_flag_shows_its_care_card_and_no_product_at_all(client, finder_page):
    pairs = {**dict(NIGHT_AND_EXERCISE), "rf-swollen-calf": "yes"}
    response = client.get(url(finder_page, pairs))
    html = response.content.decode()
    assert "See a doctor today" in html and "Urgent: today" in html
    assert "blood clot" in html
    assert "product-card" not in html and "Add to cart" not in html
    assert "Likely causes" not in html


def test_the_where_step_carries_the_safety_answers_as_hidden_inputs(
    client, finder_page
):
    html = client.get(url(finder_page, ALL_CLEAR)).content.decode()
    assert "Where does it hurt?" in html
    assert '<input type="hidden" name="rf-long-cramp" value="no">' in html
    assert 'type="radio" name="area" value="calf"' in html
    assert "step=safety" in html  # the Back link


def test_back_to_where_keeps_the_area_ticked(client, finder_page):
    pairs = [*NIGHT_AND_EXERCISE, ("step", "where")]
    html = client.get(url(finder_page, pairs)).content.decode()
    assert 'value="calf" required checked' in html
    # The later step's answers ride along, so "Next" returns to the result.
    assert '<input type="hidden" name="when" value="night">' in html


def test_junk_in_the_query_string_gives_the_first_step_and_a_message(
    client, finder_page
):
    response = client.get(f"{finder_page.url}?area=%00%ff&rf-chest-pain=perhaps")
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not read" in html and "First, a few safety questions" in html


@pytest.fixture
def stocked_methods(finder_page, methods_index):
    """Stretching-like and bath-like methods for the demo causes, with products."""
    causes = {cause.slug: cause for cause in Cause.objects.all()}
    category = ProductCategoryPageFactory()
    methods = []
    for title, slugs in [
        ("Stretching", ["poor-recovery", "overuse-and-fatigue"]),
        ("Warm bath", ["poor-recovery", "stress"]),
    ]:
        method = ReliefMethodPageFactory(parent=methods_index, title=title)
        method.causes.set([causes[slug] for slug in slugs])
        method.save_revision().publish()
        methods.append(method)
    return methods, category


def add_products(method, category, n: int) -> None:
    start = method.suitable_products.count()
    for order in range(n):
        ReliefMethodProduct.objects.create(
            page=method,
            product=stocked_product(parent=category),
            note="Why it fits",
            sort_order=start + order,
        )


def test_result_ranks_causes_with_reasons_guides_methods_and_products(
    client, finder_page, stocked_methods
):
    methods, category = stocked_methods
    add_products(methods[0], category, 1)
    guide = GuidePageFactory(title="Night leg cramps")
    guide.causes.set([Cause.objects.get(slug="poor-circulation")])
    guide.save_revision().publish()
    html = client.get(url(finder_page, NIGHT_AND_EXERCISE)).content.decode()
    order = [html.index(text) for text in ("Poor circulation", "Dehydration")]
    assert order == sorted(order)
    assert "Why this matches your answers:" in html
    assert "Lying still slows the blood in the legs" in html
    assert "Read the guide: Night leg cramps" in html
    assert "Stretching" in html and "Warm bath" in html
    assert "Why it fits" in html and "Add to cart" in html
    # Add-to-carts from the result are credited to the finder page.
    assert f'name="source_page" value="{finder_page.pk}"' in html
    assert "See a doctor if…" in html and "Not medical advice" in html


def test_anonymous_steps_are_publicly_cacheable_and_do_not_vary_by_cookie(
    client, finder_page
):
    client.get("/visitor.json")  # a visitor with a session cookie, like a shopper
    for pairs in ({}, ALL_CLEAR, NIGHT_AND_EXERCISE):
        response = client.get(url(finder_page, pairs))
        cache_control = {v.strip() for v in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=0", "s-maxage=300"}
        assert "Cookie" not in response.get("Vary", "")
        assert "csrftoken" not in response.cookies


def test_logged_in_editors_get_a_private_response(admin_client, finder_page):
    response = admin_client.get(url(finder_page))
    assert "private" in response["Cache-Control"]


def test_rendering_counts_nothing_the_beacon_does(client, finder_page):
    client.get(url(finder_page, NIGHT_AND_EXERCISE))
    assert not FinderDailyCount.objects.exists()


def count_queries(client, address: str) -> int:
    client.get(address)  # renditions are made on the first render
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_result_queries_do_not_grow_with_the_number_of_products(
    client, finder_page, stocked_methods
):
    methods, category = stocked_methods
    address = url(finder_page, NIGHT_AND_EXERCISE)
    for method in methods:
        add_products(method, category, 1)
    few = count_queries(client, address)
    for method in methods:
        add_products(method, category, 5)
    many = count_queries(client, address)
    assert many == few <= MAX_QUERIES
