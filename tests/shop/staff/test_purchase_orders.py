"""Purchase orders in the admin: created with the SKU picker, received in parts
through the stock service, for stock roles only."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from shop.inventory.models import PurchaseOrder, StockLevel, StockMovement

from .conftest import assert_refused

pytestmark = pytest.mark.django_db


def level_of(variant):
    return StockLevel.objects.get(variant=variant)


def create_po(client, *lines):
    data = nested_form_data(
        {
            "supplier": "Bodywell GmbH",
            "supplier_reference": "Q-7781",
            "expected_on": "2026-12-03",
            "note": "",
            "lines": inline_formset(
                [
                    {"stock": level.pk, "quantity_ordered": units}
                    for level, units in lines
                ]
            ),
        }
    )
    return client.post(reverse("purchase_orders:add"), data)


def test_picker_searches_by_sku_or_product_and_shows_stock(role_client, variant):
    client = role_client("stock")
    response = client.get(reverse("stock_chooser:choose_results"), {"q": "mat-bl"})
    assert response.status_code == 200
    assert "MAT-BLUE" in response.text and "ROLL-45" not in response.text
    level = level_of(variant)
    assert f">{level.on_hand}<" in response.text.replace(" ", "").replace("\n", "")
    title = variant.product.title
    by_name = client.get(reverse("stock_chooser:choose_results"), {"q": title})
    assert "MAT-BLUE" in by_name.text
    chosen = client.get(reverse("stock_chooser:chosen", args=[level.pk])).json()
    assert chosen["result"]["title"].startswith("MAT-BLUE · ")


def test_stock_staff_order_then_receive_in_two_deliveries(
    role_client, variant, other_variant
):
    client = role_client("stock")
    form = client.get(reverse("purchase_orders:add"))
    assert form.status_code == 200 and "Choose a SKU" in form.text
    response = create_po(client, (level_of(variant), 10), (level_of(other_variant), 4))
    assert response.status_code == 302, response.context["form"].errors
    po = PurchaseOrder.objects.get()
    assert po.created_by == client.user and po.lines.count() == 2
    receive_url = reverse("purchase_orders:receive", args=[po.pk])
    assert response["Location"] == receive_url
    mat = po.lines.get(stock__variant=variant)
    roll = po.lines.get(stock__variant=other_variant)
    page = client.get(receive_url)
    assert page.context["form"].initial == {} and "Book the delivery" in page.text
    client.post(
        receive_url,
        {f"arrived_{mat.pk}": "6", f"arrived_{roll.pk}": "0", "note": "DN-1"},
    )
    assert level_of(variant).on_hand == 16 and level_of(other_variant).on_hand == 3
    rows = StockMovement.objects.filter(reference=po.reference)
    assert rows.count() == 1 and "4 short of 10" in rows.get().note
    page = client.get(receive_url).text
    assert "Partly received" in page and po.reference in page
    # The order can no longer be edited once something was booked.
    edit = client.get(reverse("purchase_orders:edit", args=[po.pk]))
    assert edit.status_code == 302 and edit["Location"] == receive_url
    client.post(
        receive_url, {f"arrived_{mat.pk}": "4", f"arrived_{roll.pk}": "4", "note": ""}
    )
    assert level_of(variant).on_hand == 20 and level_of(other_variant).on_hand == 7
    assert "Everything ordered has arrived" in client.get(receive_url).text
    listing = client.get(reverse("purchase_orders:index")).text
    assert po.reference in listing and "Received" in listing


def test_nothing_arrived_is_a_clear_error(role_client, variant):
    client = role_client("stock")
    create_po(client, (level_of(variant), 3))
    po = PurchaseOrder.objects.get()
    line = po.lines.get()
    response = client.post(
        reverse("purchase_orders:receive", args=[po.pk]), {f"arrived_{line.pk}": "0"}
    )
    assert response.status_code == 200
    assert "Enter the units that arrived" in response.text
    assert not StockMovement.objects.filter(reference=po.reference).exists()


def test_marketer_sees_no_purchase_orders_or_picker(role_client, variant):
    client = role_client("marketer")
    assert_refused(client.get(reverse("purchase_orders:index")))
    assert_refused(client.get(reverse("purchase_orders:add")))
    response = client.get(reverse("stock_chooser:choose"))
    assert response.status_code in (302, 403)


def test_receive_without_a_purchase_order_uses_the_picker(role_client, variant):
    page = role_client("stock").get(reverse("stock:receive"))
    assert "Choose a SKU" in page.text
    assert 'name="sku_0"' not in page.text
