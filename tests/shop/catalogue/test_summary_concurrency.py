"""The stored product summaries under concurrent stock changes (PostgreSQL only)."""

import threading

import pytest
from django.db import connection, transaction

from shop.catalogue.models import ProductSummary
from shop.inventory import services
from tests.factories import ProductPageFactory, ProductVariantFactory
from tests.shop.inventory.test_concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_stock_change_waits_for_another_on_the_same_product():
    """The second transaction locks the summary before reading the stock, so it
    cannot write a total computed while the first had not yet committed."""
    product = ProductPageFactory()
    first_sku, second_sku = (ProductVariantFactory(product=product) for _ in "ab")
    services.receive(lines={first_sku.pk: 10, second_sku.pk: 10}, reference="DN")
    first_in, let_first_commit = threading.Event(), threading.Event()

    def first(_):
        with transaction.atomic():
            services.reserve(lines={first_sku.pk: 1}, reference="O-1")
            first_in.set()
            let_first_commit.wait(10)
        return "ok"

    def second(_):
        first_in.wait(10)
        # The first commits only while the second is already inside its own call.
        threading.Timer(0.5, let_first_commit.set).start()
        services.reserve(lines={second_sku.pk: 1}, reference="O-2")
        return "ok"

    assert connection.vendor == "postgresql"
    assert run_in_threads(2, lambda index: (first, second)[index](index)) == ["ok"] * 2
    assert ProductSummary.objects.get(product=product).available_total == 18


def test_one_order_over_two_products_in_opposite_orders_never_deadlocks():
    first, second = ProductPageFactory(), ProductPageFactory()
    # The lower variant id belongs to the higher product id and the other way
    # round: the summaries must still be locked in product order.
    a = ProductVariantFactory(product=second)
    b = ProductVariantFactory(product=first)
    services.receive(lines={a.pk: 100, b.pk: 100}, reference="DN")

    def reserve_both(index):
        for _ in range(5):
            services.reserve(lines={a.pk: 1, b.pk: 1}, reference=f"O-{index}")
        return "ok"

    assert run_in_threads(8, reserve_both) == ["ok"] * 8
    for product in (first, second):
        assert ProductSummary.objects.get(product=product).available_total == 60
