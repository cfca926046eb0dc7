"""Shop managers run discount codes in the admin; the list and reports show uses."""

from collections import namedtuple
from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from shop.discounts import services
from shop.discounts.models import DiscountCode
from tests.factories import (
    DiscountCodeFactory,
    ProductCategoryPageFactory,
    stocked_variant,
)
from tests.shop.staff.conftest import role_client, roles  # noqa: F401
from tests.shop.staff.orders_helpers import paid_order

pytestmark = pytest.mark.django_db

INDEX = "/admin/discount-codes/"
Item = namedtuple("Item", "variant unit_price quantity")


@pytest.mark.parametrize("role", ["marketer", "stock"])
def test_only_shop_managers_see_discount_codes(role_client, role):  # noqa: F811
    assert role_client(role).get(INDEX).status_code in (302, 403)
    assert INDEX not in role_client(role).get("/admin/").content.decode()
    assert INDEX in role_client("manager").get("/admin/").content.decode()


def test_a_manager_creates_a_limited_code_with_every_rule(role_client):  # noqa: F811
    category = ProductCategoryPageFactory(title="Heat packs")
    response = role_client("manager").post(
        INDEX + "new/",
        {
            "code": "warm-5",
            "description": "Newsletter, October",
            "kind": "fixed",
            "value": "5.00",
            "minimum_order": "30.00",
            "starts_at": "2026-10-01 00:00",
            "ends_at": "2026-10-31 23:59",
            "usage_limit": "100",
            "once_per_email": "on",
            "categories": [category.pk],
            "is_active": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    code = DiscountCode.objects.get()
    assert code.code == "WARM-5"  # typed in any case, kept in capitals
    assert (code.kind, code.value, code.minimum_order) == (
        "fixed",
        Decimal("5.00"),
        Decimal("30.00"),
    )
    assert code.usage_limit == 100 and code.once_per_email
    assert list(code.categories.all()) == [category]
    assert (
        ModelLogEntry.objects.for_instance(code)
        .filter(action="wagtail.create")
        .exists()
    )


def test_bad_rules_are_refused_next_to_their_fields(role_client):  # noqa: F811
    DiscountCodeFactory(code="CALM10")
    response = role_client("manager").post(
        INDEX + "new/",
        {
            "code": "calm10",
            "kind": "percentage",
            "value": "120",
            "starts_at": "2026-10-31 00:00",
            "ends_at": "2026-10-01 00:00",
            "is_active": "on",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "already exists" in errors["code"][0]
    assert errors["value"] == ["A percentage can be at most 100."]
    assert errors["ends_at"] == ["The end must come after the start."]
    assert DiscountCode.objects.count() == 1


def test_the_list_shows_uses_and_the_discount_paid_orders_got(
    role_client,  # noqa: F811
    site_settings,
):
    code = DiscountCodeFactory(code="CALM10", usage_limit=5)
    order = paid_order(site_settings)
    # Recorded as checkout would, then paid.
    items = [
        Item(line.variant, line.unit_price, line.quantity) for line in order.lines.all()
    ]
    services.redeem(
        code_id=code.pk,
        items=items,
        email=order.email,
        order_reference=order.reference,
        currency="EUR",
        shown_total=Decimal("6.97"),
    )
    services.confirm(order_reference=order.reference)

    html = role_client("manager").get(INDEX).content.decode()

    assert "CALM10" in html and "10 % off" in html
    assert "1 of 5" in html
    assert "6.97" in html
    assert "Live" in html
    history = role_client("manager").get(
        reverse("discount_codes:history", args=[code.pk])
    )
    assert f"Counted for order {order.reference} (−6.97)" in history.content.decode()


def test_the_discount_codes_report_counts_uses_per_code(
    role_client,  # noqa: F811
    site_settings,
):
    from shop.orders.models import Order

    for code, discount in (("CALM10", "2.00"), ("CALM10", "3.00"), ("WARM5", "5.00")):
        order = paid_order(site_settings, [(stocked_variant(price=Decimal("30")), 1)])
        Order.objects.filter(pk=order.pk).update(
            discount_code=code, discount_total=Decimal(discount)
        )

    csv = b"".join(
        role_client("manager")
        .get(reverse("report_discount_codes:index"), {"export": "csv"})
        .streaming_content
    ).decode()

    lines = csv.strip().splitlines()
    assert lines[0].startswith("Code,Uses (paid orders),Discount given")
    assert lines[1].startswith("CALM10,2,5.00,")
    assert lines[2].startswith("WARM5,1,5.00,")
