"""Shared values kept in the cache are read once per request, and never kept
outside one."""

import pytest
from django.core.signals import request_finished, request_started
from django.test import Client

from home import tree_cache, view_restrictions
from home.request_memo import forget, once_per_request
from tests.guides.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_kept_for_the_request_only_and_forgettable():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert once_per_request("probe", compute) == 1
    assert once_per_request("probe", compute) == 2, "outside a request: never kept"
    request_started.send(sender=None)
    try:
        assert once_per_request("probe", compute) == 3
        assert once_per_request("probe", compute) == 3
        forget("probe")
        assert once_per_request("probe", compute) == 4
    finally:
        request_finished.send(sender=None)
    assert once_per_request("probe", compute) == 5


def test_a_product_page_reads_the_flag_and_the_tree_generation_once(
    client, monkeypatch
):
    product = stocked_product("Wheat bag")
    client.get(product.url)
    reads = []
    original = view_restrictions.cache.get

    def counting(key, *args, **kwargs):
        if key in (view_restrictions.FLAG_KEY, tree_cache.GENERATION_KEY):
            reads.append(key)
        return original(key, *args, **kwargs)

    monkeypatch.setattr(view_restrictions.cache, "get", counting)
    assert Client().get(product.url).status_code == 200
    assert sorted(reads) == sorted(
        [view_restrictions.FLAG_KEY, tree_cache.GENERATION_KEY]
    )
