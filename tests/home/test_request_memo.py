"""Shared values kept in the cache are read once per request, and never kept
outside one."""

import pytest
from django.core.signals import request_finished, request_started
from django.test import Client

from home import tree_cache, view_restrictions
from home.request_memo import cached_once_per_request, forget
from tests.guides.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_kept_for_the_request_only_and_forgettable():
    from django.core.cache import cache

    calls = []

    def fill():
        calls.append(1)
        return len(calls)

    assert cached_once_per_request("probe", fill) == 1
    assert cached_once_per_request("probe", fill) == 2, "outside a request: not kept"
    cache.set("probe", 10)
    assert cached_once_per_request("probe", fill) == 10
    request_started.send(sender=None)
    try:
        assert cached_once_per_request("probe", fill) == 10
        cache.set("probe", 11)
        assert cached_once_per_request("probe", fill) == 10, "kept for the request"
        forget("probe")
        assert cached_once_per_request("probe", fill) == 11
        forget("probe")
        cache.delete("probe")
        assert cached_once_per_request("probe", fill) == 3
        assert cached_once_per_request("probe", fill) == 3
    finally:
        request_finished.send(sender=None)
    assert calls == [1, 1, 1]


def test_a_product_page_reads_the_flag_and_the_tree_generation_in_one_round_trip(
    client, monkeypatch
):
    from django.core.cache import cache

    product = stocked_product("Wheat bag")
    client.get(product.url)
    shared = {view_restrictions.FLAG_KEY, tree_cache.GENERATION_KEY}
    trips, depth = [], []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counting(key, *args, _original=original, **kwargs):
            keys = {key} if isinstance(key, str) else set(key)
            if keys & shared and not depth:  # locmem's get_many calls get per key
                trips.append(keys & shared)
            depth.append(1)
            try:
                return _original(key, *args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(cache, name, counting)
    assert Client().get(product.url).status_code == 200
    assert trips == [shared], trips
