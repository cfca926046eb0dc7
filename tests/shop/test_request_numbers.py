"""Every number a request carries is parsed once, safely: nasty input is a 4xx or a
polite message, never a 500, and changes nothing.

`str.isdigit()` accepts superscripts and other Unicode digits that `int()` rejects;
huge numbers overflow the database's integers; JSON allows floats and infinities.
"""

import json

import pytest
from django.test import Client

from home.request_numbers import parse_id
from shop.cart.models import CartLine
from tests.factories import ProductPageFactory, cart_line_in_session, stocked_variant

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "²",
    "³⁴",
    "¹",
    "①",
    "١٢",  # Arabic-Indic digits: int() takes them, a person did not type a number
    "߁",
    "𝟗",
    "0",
    "-1",
    "+1",
    "1.5",
    "1e3",
    "0x10",
    "1_000",
    "NaN",
    "inf",
    "9" * 19,
    "9" * 25,
    "9" * 5000,
    "18446744073709551616",
    "1\x00",
    "1 OR 1=1",
    "[]",
    "null",
]


@pytest.fixture
def line(client):
    return cart_line_in_session(client, stocked_variant(on_hand=5))


@pytest.mark.parametrize("nasty", NASTY)
def test_cart_posts_answer_nasty_numbers_without_a_server_error(client, line, nasty):
    variant = line.variant
    refused = [
        client.post(f"/cart/lines/{line.pk}/", {"quantity": nasty}),
        client.post("/cart/add/", {"variant": nasty, "quantity": "1"}),
        client.post("/cart/add/", {"variant": variant.pk, "quantity": nasty}),
    ]
    assert [r.status_code for r in refused] == [302] * 3
    line.refresh_from_db()
    assert line.quantity == 1
    # Optional ids: a bad one is refused or ignored, never a server error.
    optional = [
        client.post(
            "/cart/add/", {"variant": variant.pk, "quantity": "1", "product": nasty}
        ),
        client.post(
            "/cart/add/",
            {"variant": variant.pk, "quantity": "1", "source_page": nasty},
        ),
    ]
    assert [r.status_code for r in optional] == [302] * 2


@pytest.mark.parametrize("nasty", NASTY)
def test_a_stale_token_confirm_page_survives_nasty_numbers(nasty):
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(
        "/cart/add/", {"variant": nasty, "quantity": nasty, "source_page": nasty}
    )
    assert response.status_code == 403
    assert CartLine.objects.count() == 0


@pytest.mark.parametrize("nasty", NASTY)
def test_listings_and_search_survive_nasty_numbers(client, nasty):
    ProductPageFactory()
    shop_url = "/shop/"
    responses = [
        client.get(shop_url, {"price_min": nasty, "price_max": nasty, "page": nasty}),
        client.get("/search/", {"q": "cramp", "page": nasty}),
    ]
    assert [r.status_code for r in responses] == [200, 200]


@pytest.mark.parametrize(
    "body",
    [
        '{"product": 1e999}',
        '{"product": -1e999}',
        '{"product": 99999999999999999999999}',
        '{"product": "²"}',
        '{"product": 1.5}',
        '{"product": true}',
        '{"product": [1]}',
        '{"product": {"a": 1}}',
        '{"product": null}',
        "[1]",
        '"text"',
        "1e999",
    ],
)
def test_the_product_view_counter_survives_nasty_json(client, body):
    response = client.post(
        "/attribution/product-view/", body, content_type="application/json"
    )
    assert response.status_code < 500


@pytest.mark.parametrize("nasty", NASTY)
def test_parse_id_accepts_only_plain_ascii_ids_in_the_database_range(nasty):
    assert parse_id(nasty) is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("7", 7), (" 12 ", 12), (42, 42), (str(2**63 - 1), 2**63 - 1)],
)
def test_parse_id_reads_real_ids(raw, expected):
    assert parse_id(raw) == expected


def test_json_numbers_are_not_ids():
    assert parse_id(json.loads("1e999")) is None
    assert parse_id(True) is None
    assert parse_id(1.5) is None
