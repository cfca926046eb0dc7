"""On PostgreSQL: staff stock actions racing checkouts never lose either change."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connections
from django.test import Client
from django.urls import reverse

from shop.inventory.models import StockLevel, StockMovement
from shop.staff.roles import INVENTORY_STAFF, ensure_roles
from tests.factories import stocked_variant
from tests.shop.inventory.test_concurrency import run_in_threads

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def stock_user():
    from home.site_setup import ensure_site_tree

    ensure_site_tree()
    user = get_user_model().objects.create_user("stan", password="pw")
    user.groups.add(ensure_roles()[INVENTORY_STAFF])
    return user


def test_admin_adjustments_and_checkout_reservations_both_land():
    from shop.inventory import services

    variant = stocked_variant(on_hand=100)
    level = StockLevel.objects.get(variant=variant)
    user = stock_user()
    rounds = 10

    def work(index):
        try:
            if index % 2 == 0:
                client = Client()
                client.force_login(user)
                for _ in range(rounds):
                    response = client.post(
                        reverse("stock:adjust", args=[level.pk]),
                        {"delta": "3", "reason": "correction", "note": "recount"},
                    )
                    assert response.status_code == 302, response.status_code
            else:
                for n in range(rounds):
                    services.reserve(lines={variant.pk: 2}, reference=f"O-{index}-{n}")
            return "ok"
        finally:
            connections.close_all()

    assert run_in_threads(4, work) == ["ok"] * 4
    level.refresh_from_db()
    # 2 admin threads × 10 × +3 on hand; 2 checkout threads × 10 × 2 reserved.
    assert (level.on_hand, level.reserved) == (160, 40)
    movements = StockMovement.objects.filter(stock=level)
    assert movements.filter(reason="correction").count() == 20
    assert movements.filter(reason="reserved").count() == 20
    last = movements.order_by("-pk").first()
    assert (last.on_hand_after, last.reserved_after) == (160, 40)


def test_stocktake_apply_racing_a_checkout_is_all_or_nothing():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shop.inventory import services

    variant = stocked_variant(on_hand=10, sku="RACE-1")
    user = stock_user()
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("stock:stocktake"),
        {
            "file": SimpleUploadedFile("c.csv", b"sku,counted\nRACE-1,12\n"),
            "reference": "Count",
        },
    )
    preview_url = response["Location"]

    def work(index):
        try:
            if index == 0:
                return client.post(preview_url).status_code
            services.reserve(lines={variant.pk: 3}, reference="O-race")
            return "reserved"
        finally:
            connections.close_all()

    outcomes = run_in_threads(2, work)
    assert "reserved" in outcomes
    level = StockLevel.objects.get(variant=variant)
    assert level.reserved == 3
    assert level.on_hand in (10, 12)  # applied whole or not at all
    corrections = StockMovement.objects.filter(stock=level, reason="correction")
    assert corrections.count() == (1 if level.on_hand == 12 else 0)
