"""Stock in the admin, end to end through the views, as each role."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from shop.inventory.models import StockLevel, StockMovement

from .conftest import assert_refused

pytestmark = pytest.mark.django_db


def level_of(variant):
    return StockLevel.objects.get(variant=variant)


@pytest.mark.parametrize(("role", "status"), [("stock", 200), ("manager", 200)])
def test_stock_listing_shows_figures_and_state(role_client, variant, role, status):
    response = role_client(role).get(reverse("stock:index"))
    assert response.status_code == status
    assert "MAT-BLUE" in response.text
    assert "In stock" in response.text


def test_marketer_is_refused_every_stock_page(role_client, variant):
    client = role_client("marketer")
    level = level_of(variant)
    for url in [
        reverse("stock:index"),
        reverse("stock:detail", args=[level.pk]),
        reverse("stock:receive"),
        reverse("stock:stocktake"),
        reverse("stock_movements:index"),
    ]:
        assert_refused(client.get(url))
    response = client.post(
        reverse("stock:adjust", args=[level.pk]),
        {"delta": "5", "reason": "correction", "note": "x"},
    )
    assert_refused(response)
    assert level_of(variant).on_hand == 10


def test_stock_listing_filters_search_and_sorting(
    role_client, variant, other_variant, unstocked_variant
):
    client = role_client("stock")
    url = reverse("stock:index")
    low = client.get(url, {"state": "low"}).text
    assert "ROLL-45" in low and "MAT-BLUE" not in low and "BALL-SET" not in low
    out = client.get(url, {"state": "out"}).text
    assert "BALL-SET" in out and "ROLL-45" not in out
    found = client.get(url, {"q": "roll"}).text
    assert "ROLL-45" in found and "MAT-BLUE" not in found
    ordered = client.get(url, {"ordering": "-available_units"}).text
    assert (
        ordered.index("MAT-BLUE") < ordered.index("ROLL-45") < ordered.index("BALL-SET")
    )
    unstocked_variant.is_active = False
    unstocked_variant.save()
    inactive = client.get(url, {"variant_status": "inactive"}).text
    assert "BALL-SET" in inactive and "MAT-BLUE" not in inactive


def test_stock_listing_filters_by_category(role_client, variant, other_variant):
    category = variant.product.get_parent()
    response = role_client("stock").get(
        reverse("stock:index"), {"category": category.pk}
    )
    assert "MAT-BLUE" in response.text and "ROLL-45" not in response.text


def test_nonsense_filters_are_ignored(role_client, variant):
    response = role_client("stock").get(
        reverse("stock:index"),
        {"state": "bogus", "category": "nope", "ordering": "password", "p": "x"},
    )
    assert response.status_code == 200


def test_stock_csv_export(role_client, variant, other_variant):
    response = role_client("stock").get(reverse("stock:index"), {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("SKU,Product,Variant,Active,On hand,Reserved")
    assert any(line.startswith("MAT-BLUE,") and ",10,0,10," in line for line in lines)


def test_adjust_through_the_admin_writes_one_ledger_row(role_client, variant):
    client = role_client("stock")
    level = level_of(variant)
    response = client.post(
        reverse("stock:adjust", args=[level.pk]),
        {"delta": "-2", "reason": "damaged", "note": "Two mats torn in transit"},
        follow=True,
    )
    assert response.status_code == 200
    assert level_of(variant).on_hand == 8
    movement = StockMovement.objects.get(stock=level)
    assert (movement.reason, movement.delta_on_hand, movement.user) == (
        "damaged",
        -2,
        client.user,
    )
    # The result page shows the row just written.
    assert "Two mats torn in transit" in response.text
    assert response.redirect_chain[-1][0] == reverse("stock:result")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"delta": "0", "reason": "correction", "note": "x"}, "other than zero"),
        ({"delta": "abc", "reason": "correction", "note": "x"}, "whole number"),
        ({"delta": "3", "reason": "sold", "note": "x"}, "valid choice"),
        ({"delta": "3", "reason": "correction", "note": ""}, "required"),
        ({"delta": "-11", "reason": "damaged", "note": "x"}, "Only 10 units"),
    ],
)
def test_bad_adjustments_are_refused_and_change_nothing(
    role_client, variant, data, message
):
    level = level_of(variant)
    response = role_client("stock").post(reverse("stock:adjust", args=[level.pk]), data)
    assert response.status_code == 200
    assert message in response.text
    assert level_of(variant).on_hand == 10
    assert not StockMovement.objects.exists()


def test_adjust_cannot_remove_reserved_units(role_client, variant):
    from shop.inventory import services

    services.reserve(lines={variant.pk: 8}, reference="ORDER-1")
    level = level_of(variant)
    response = role_client("stock").post(
        reverse("stock:adjust", args=[level.pk]),
        {"delta": "-3", "reason": "damaged", "note": "x"},
    )
    assert "Only 2 units are free" in response.text
    assert level_of(variant).on_hand == 10


def test_threshold_change_is_audited(role_client, variant):
    client = role_client("manager")
    level = level_of(variant)
    response = client.post(
        reverse("stock:threshold", args=[level.pk]),
        {"threshold": "12", "note": "Sells fast before winter"},
    )
    assert response.status_code == 302
    assert level_of(variant).low_stock_threshold == 12
    entry = ModelLogEntry.objects.get(action="inventory.threshold")
    assert entry.user == client.user
    assert entry.data == {"from": None, "to": 12, "reason": "Sells fast before winter"}
    # The SKU now counts as low (10 available, threshold 12).
    detail = client.get(reverse("stock:detail", args=[level.pk])).text
    assert "Only 10 left" in detail


def test_threshold_needs_a_reason_and_a_sane_number(role_client, variant):
    level = level_of(variant)
    client = role_client("stock")
    assert (
        client.post(
            reverse("stock:threshold", args=[level.pk]),
            {"threshold": "-1", "note": "x"},
        ).status_code
        == 200
    )
    assert (
        client.post(
            reverse("stock:threshold", args=[level.pk]), {"threshold": "3", "note": ""}
        ).status_code
        == 200
    )
    assert level_of(variant).low_stock_threshold is None


def test_receive_a_delivery_of_several_skus(role_client, variant, other_variant):
    client = role_client("stock")
    response = client.post(
        reverse("stock:receive"),
        {
            "reference": "DN-2044",
            "note": "Pallet 1",
            "stock_0": level_of(variant).pk,
            "quantity_0": "5",
            "stock_1": level_of(other_variant).pk,
            "quantity_1": "20",
            "stock_2": level_of(variant).pk,
            "quantity_2": "1",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert (level_of(variant).on_hand, level_of(other_variant).on_hand) == (16, 23)
    rows = StockMovement.objects.filter(reason="received", reference="DN-2044")
    assert rows.count() == 2
    assert "DN-2044" in response.text and "+20" in response.text


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ({"stock_0": "MAT-BLUE", "quantity_0": "-4"}, "1 or more"),
        ({"stock_0": "MAT-BLUE", "quantity_0": "0"}, "1 or more"),
        ({"stock_0": "999999", "quantity_0": "4"}, "Select a valid choice"),
        ({"stock_0": "MAT-BLUE"}, "how many units"),
        ({"quantity_0": "3"}, "Choose the SKU"),
        ({}, "at least one SKU"),
    ],
)
def test_bad_deliveries_change_nothing(
    role_client, variant, other_variant, lines, message
):
    # Rows name the picked stock row; "MAT-BLUE" stands for its pk.
    if lines.get("stock_0") == "MAT-BLUE":
        lines = {**lines, "stock_0": level_of(variant).pk}
    data = {
        "reference": "DN-1",
        "stock_1": level_of(other_variant).pk,
        "quantity_1": "2",
        **lines,
    }
    if not lines:
        data = {"reference": "DN-1"}
    response = role_client("stock").post(reverse("stock:receive"), data)
    assert response.status_code == 200
    assert message in response.text
    assert not StockMovement.objects.exists()
    assert level_of(other_variant).on_hand == 3


def test_ledger_filters_and_export(role_client, variant, other_variant):
    from shop.inventory import services

    client = role_client("stock")
    services.receive(lines={variant.pk: 2}, reference="DN-9", user=client.user)
    services.adjust_stock(
        variant_id=other_variant.pk, delta=-1, reason="damaged", note="=cmd|calc"
    )
    url = reverse("stock_movements:index")
    everything = client.get(url).text
    assert "DN-9" in everything and "ROLL-45" in everything
    received = client.get(url, {"reason": "received"}).text
    assert "MAT-BLUE" in received and "ROLL-45" not in received
    per_sku = client.get(url, {"sku": "ROLL-45"}).text
    assert "ROLL-45" in per_sku and "DN-9" not in per_sku
    by_user = client.get(url, {"user": client.user.pk}).text
    assert "DN-9" in by_user and "ROLL-45" not in by_user
    dated = client.get(
        url, {"created_at_from": "2000-01-01", "created_at_to": "2000-01-02"}
    ).text
    assert "DN-9" not in dated
    export = client.get(url, {"export": "csv"})
    body = b"".join(export.streaming_content).decode()
    assert "DN-9" in body
    assert "'=cmd|calc" in body  # formula-looking text is exported as text
    xlsx = client.get(url, {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_dashboard_panel_lists_low_stock_for_stock_roles_only(
    role_client, variant, other_variant
):
    stock_home = role_client("stock").get("/admin/").text
    assert "Low stock" in stock_home and "ROLL-45" in stock_home
    assert "MAT-BLUE" not in stock_home
    marketer_home = role_client("marketer").get("/admin/").text
    assert "Low stock" not in marketer_home and "ROLL-45" not in marketer_home
