"""Staff listings cost the same number of queries for 5 rows as for 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import stocked_variant

from .orders_helpers import paid_order

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)  # warm caches (site settings, permissions)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name", ["stock:index", "stock_movements:index", "shop_orders:index"]
)
def test_listing_queries_do_not_grow_with_rows(role_client, site_settings, url_name):
    client = role_client("manager")
    for _ in range(2):
        paid_order(site_settings)
    stocked_variant(on_hand=3)
    few = count_queries(client, reverse(url_name))
    for _ in range(8):
        paid_order(site_settings)
    for _ in range(20):
        stocked_variant(on_hand=1)
    many = count_queries(client, reverse(url_name))
    assert many == few, (few, many)
    print(url_name, few)
