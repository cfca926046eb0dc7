"""Concurrency of the stock service on PostgreSQL (real row locks, real threads)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from shop.inventory import services
from shop.inventory.exceptions import InsufficientStock
from shop.inventory.models import StockLevel, StockMovement
from tests.factories import ProductVariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_in_threads(count, work):
    barrier = threading.Barrier(count)

    def worker(index):
        barrier.wait()
        try:
            return work(index)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(worker, range(count)))


def test_twenty_shoppers_racing_for_the_last_five_units_get_exactly_five():
    variant = ProductVariantFactory()
    services.receive(lines={variant.pk: 5}, reference="DN")

    def try_reserve(index):
        try:
            services.reserve(lines={variant.pk: 1}, reference=f"ORDER-{index}")
            return "reserved"
        except InsufficientStock as error:
            assert error.shortages[0].available == 0
            return "refused"

    outcomes = run_in_threads(20, try_reserve)

    assert outcomes.count("reserved") == 5
    assert outcomes.count("refused") == 15
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (5, 5)
    assert StockMovement.objects.filter(stock=level, reason="reserved").count() == 5


def test_two_skus_reserved_in_opposite_orders_never_deadlock():
    first = ProductVariantFactory()
    second = ProductVariantFactory()
    services.receive(lines={first.pk: 100, second.pk: 100}, reference="DN")

    def reserve_both(index):
        # Callers pass the lines in opposite orders; the service locks by pk.
        ordered = [first.pk, second.pk] if index % 2 else [second.pk, first.pk]
        for _ in range(5):
            services.reserve(lines=dict.fromkeys(ordered, 1), reference=f"O-{index}")
        return "ok"

    assert connection.vendor == "postgresql"
    assert run_in_threads(8, reserve_both) == ["ok"] * 8
    for variant in (first, second):
        level = StockLevel.objects.get(variant=variant)
        assert level.reserved == 40
