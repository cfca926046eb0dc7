"""Orders in the admin, end to end through the views, as each role."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shop.inventory.models import StockLevel, StockMovement
from shop.orders.models import Order, OrderStatus, Refund, StockState

from .conftest import assert_refused
from .orders_helpers import paid_order, refund_response

pytestmark = pytest.mark.django_db
S = OrderStatus


def on_hand(variant_id):
    return StockLevel.objects.get(variant_id=variant_id).on_hand


# --- listing --------------------------------------------------------------------------


def test_listing_newest_first_with_counts_per_status(role_client, site_settings):
    older = paid_order(site_settings)
    Order.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=3)
    )
    newer = paid_order(site_settings)
    response = role_client("stock").get(reverse("shop_orders:index"))
    assert response.status_code == 200
    assert response.text.index(newer.reference) < response.text.index(older.reference)
    assert "Paid" in response.text and "staff-status-counts" in response.text


def test_listing_filters_by_status_and_date(role_client, site_settings, pending_order):
    paid = paid_order(site_settings)
    client = role_client("stock")
    url = reverse("shop_orders:index")
    only_paid = client.get(url, {"status": "paid"}).text
    assert paid.reference in only_paid and pending_order.reference not in only_paid
    today = timezone.localdate().isoformat()
    dated = client.get(url, {"created_at_from": today, "created_at_to": today}).text
    assert paid.reference in dated
    long_ago = client.get(
        url, {"created_at_from": "2001-01-01", "created_at_to": "2001-01-31"}
    ).text
    assert paid.reference not in long_ago


def test_listing_search_by_reference_email_and_sku(role_client, order, pending_order):
    client = role_client("stock")
    url = reverse("shop_orders:index")
    by_reference = client.get(url, {"q": order.reference}).text
    assert order.reference in by_reference
    assert pending_order.reference not in by_reference
    sku = order.lines.first().sku
    by_sku = client.get(url, {"q": sku}).text
    assert order.reference in by_sku and by_sku.count(order.reference) >= 1
    assert pending_order.reference not in by_sku
    by_email = client.get(url, {"q": "shopper@example.com"}).text
    assert order.reference in by_email


def test_marketer_sees_no_orders_anywhere(role_client, order):
    marketer = role_client("marketer")
    for url in [
        reverse("shop_orders:index"),
        reverse("shop_orders:inspect", args=[order.pk]),
        reverse("shop_orders:packing_slip", args=[order.pk]),
        reverse("shop_orders:packed", args=[order.pk]),
        reverse("shop_orders:refund", args=[order.pk]),
    ]:
        assert_refused(marketer.get(url))
    home = marketer.get("/admin/").text
    assert "/admin/orders/" not in home
    # The admin search neither lists the order nor offers an Orders search area.
    for query in (order.reference, order.email, order.lines.first().sku):
        search = marketer.get(reverse("wagtailadmin_pages:search"), {"q": query})
        assert search.status_code == 200
        # Only the echoed query may mention it: no name, address or order link.
        assert order.full_name not in search.text
        assert order.address_line1 not in search.text
        assert "/admin/orders/" not in search.text
    manager_search = role_client("manager").get(
        reverse("wagtailadmin_pages:search"), {"q": order.reference}
    )
    assert "/admin/orders/" in manager_search.text


def test_orders_export_is_for_order_staff_only(role_client, order):
    export = role_client("manager").get(reverse("shop_orders:index"), {"export": "csv"})
    assert order.reference in b"".join(export.streaming_content).decode()
    assert_refused(
        role_client("marketer").get(reverse("shop_orders:index"), {"export": "csv"})
    )


# --- the order page -----------------------------------------------------------------


def test_inspect_shows_everything_about_the_order(role_client, order):
    response = role_client("stock").get(reverse("shop_orders:inspect", args=[order.pk]))
    assert response.status_code == 200
    text = response.text
    for line in order.lines.all():
        assert line.sku in text and line.product_name in text
    assert order.full_name in text and order.email in text and order.city in text
    assert str(order.total) in text
    assert "Payment received" in text  # status history note from fulfilment
    assert "Sold" in text  # ledger rows the order caused
    assert "Mark packed" in text
    assert "Refund" not in text.split("Money")[0]  # no refund button for stock staff


def test_packing_slip_is_printable(role_client, order):
    response = role_client("stock").get(
        reverse("shop_orders:packing_slip", args=[order.pk])
    )
    assert response.status_code == 200
    assert "@media print" in response.text and order.reference in response.text
    assert all(line.sku in response.text for line in order.lines.all())
    # The country by name, not its code.
    assert order.country == "DE" and "Germany" in response.text


# --- fulfilment ---------------------------------------------------------------------


def test_stock_staff_pack_ship_and_deliver(
    role_client, order, django_capture_on_commit_callbacks
):
    client = role_client("stock")
    assert (
        client.post(reverse("shop_orders:packed", args=[order.pk])).status_code == 302
    )
    order.refresh_from_db()
    assert order.status == S.PACKED
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("shop_orders:shipped", args=[order.pk]),
            {"carrier": "dhl", "tracking_number": "00340434161094042557"},
        )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.SHIPPED
    change = order.status_changes.get(to_status=S.SHIPPED)
    assert change.actor == client.user and "00340434161094042557" in change.note
    shipping_mail = [m for m in mail.outbox if "on its way" in m.subject]
    assert len(shipping_mail) == 1
    assert shipping_mail[0].to == [order.email]
    assert "tracking-id=00340434161094042557" in shipping_mail[0].body
    page = client.get(reverse("shop_orders:inspect", args=[order.pk])).text
    assert "00340434161094042557" in page
    client.post(reverse("shop_orders:delivered", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == S.DELIVERED


def test_illegal_transitions_are_refused_with_a_message(
    role_client, order, django_capture_on_commit_callbacks
):
    client = role_client("stock")
    # Delivered straight from paid is not in the table.
    response = client.post(
        reverse("shop_orders:delivered", args=[order.pk]), follow=True
    )
    assert "cannot be marked delivered" in response.text
    order.refresh_from_db()
    assert order.status == S.PAID
    # The confirmation page says so too, without a button.
    page = client.get(reverse("shop_orders:shipped", args=[order.pk])).text
    assert "is not possible now" in page
    # Shipping twice: the second is refused and sends no second e-mail.
    client.post(reverse("shop_orders:packed", args=[order.pk]))
    data = {"carrier": "ups", "tracking_number": "1Z999"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("shop_orders:shipped", args=[order.pk]), data)
    again = client.post(
        reverse("shop_orders:shipped", args=[order.pk]), data, follow=True
    )
    assert "cannot be marked shipped" in again.text
    assert len([m for m in mail.outbox if "on its way" in m.subject]) == 1


def test_shipping_needs_carrier_and_sane_tracking_number(role_client, order):
    client = role_client("stock")
    client.post(reverse("shop_orders:packed", args=[order.pk]))
    for data in (
        {"carrier": "", "tracking_number": "123"},
        {"carrier": "pigeon", "tracking_number": "123"},
        {"carrier": "dhl", "tracking_number": ""},
        {"carrier": "dhl", "tracking_number": "<script>"},
    ):
        response = client.post(reverse("shop_orders:shipped", args=[order.pk]), data)
        assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == S.PACKED and not mail.outbox[1:]


def test_marketer_cannot_fulfil(role_client, order):
    assert_refused(
        role_client("marketer").post(reverse("shop_orders:packed", args=[order.pk]))
    )
    order.refresh_from_db()
    assert order.status == S.PAID


# --- cancel -------------------------------------------------------------------------


def test_stock_staff_cancel_an_unpaid_order_releasing_its_reservation(
    role_client, pending_order
):
    variant_id = pending_order.lines.first().variant_id
    level = StockLevel.objects.get(variant_id=variant_id)
    assert level.reserved == 2
    response = role_client("stock").post(
        reverse("shop_orders:cancel", args=[pending_order.pk]),
        {"reason": "Customer phoned to cancel", "key": "k1"},
    )
    assert response.status_code == 302
    pending_order.refresh_from_db()
    assert pending_order.status == S.CANCELLED
    level.refresh_from_db()
    assert (level.on_hand, level.reserved) == (5, 0)
    assert StockMovement.objects.filter(
        reason="released", reference=pending_order.reference
    ).exists()


def test_stock_staff_cannot_cancel_a_paid_order(role_client, order):
    assert_refused(
        role_client("stock").post(
            reverse("shop_orders:cancel", args=[order.pk]), {"reason": "x", "key": "k"}
        )
    )
    order.refresh_from_db()
    assert order.status == S.PAID


def test_manager_cancels_a_paid_order_refund_and_restock(
    role_client, order, stripe_api
):
    stripe_api.respond(200, refund_response(int(order.total * 100), "re_cancel_1"))
    lines = {line.variant_id: line.quantity for line in order.lines.all()}
    before = {vid: on_hand(vid) for vid in lines}
    response = role_client("manager").post(
        reverse("shop_orders:cancel", args=[order.pk]),
        {"reason": "Address undeliverable", "key": "cancel-k"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    statuses = list(order.status_changes.values_list("to_status", flat=True))
    assert statuses[-2:] == [S.CANCELLED, S.REFUNDED]
    assert order.stock_state == StockState.RELEASED
    for vid, quantity in lines.items():
        assert on_hand(vid) == before[vid] + quantity
    refund = Refund.objects.get(order=order)
    assert refund.amount == order.total and refund.stripe_refund_id == "re_cancel_1"
    request = stripe_api.requests[-1]
    assert request.path == "/v1/refunds"
    assert request.param("amount") == str(int(order.total * 100))
    assert request.header("Idempotency-Key").endswith("cancel-k")


def test_refused_refund_cancels_nothing(role_client, order, stripe_api):
    from tests.shop.checkout.stripe_helpers import error_body

    stripe_api.respond(400, error_body("invalid_request_error", "Charge disputed"))
    lines = {line.variant_id: on_hand(line.variant_id) for line in order.lines.all()}
    response = role_client("manager").post(
        reverse("shop_orders:cancel", args=[order.pk]),
        {"reason": "x", "key": "k2"},
        follow=True,
    )
    assert "Nothing was refunded" in response.text
    order.refresh_from_db()
    assert order.status == S.PAID and not order.refunds.exists()
    assert {vid: on_hand(vid) for vid in lines} == lines


# --- refunds ------------------------------------------------------------------------


def test_manager_refunds_part_with_restock_of_one_line(role_client, order, stripe_api):
    stripe_api.respond(200, refund_response(1990, "re_part_1"))
    client = role_client("manager")
    roll = order.lines.get(unit_price=Decimal("19.90"))
    before = on_hand(roll.variant_id)
    form = client.get(reverse("shop_orders:refund", args=[order.pk]))
    assert form.status_code == 200
    key = form.context["form"].initial["key"]
    data = {
        "amount": "19.90",
        "reason": "Roller arrived cracked",
        "key": key,
        f"restock_{roll.pk}": "1",
    }
    response = client.post(reverse("shop_orders:refund", args=[order.pk]), data)
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_REFUNDED
    refund = order.refunds.get()
    assert (refund.amount, refund.actor) == (Decimal("19.90"), client.user)
    assert refund.restocked_lines[0]["quantity"] == 1
    assert on_hand(roll.variant_id) == before + 1
    movement = StockMovement.objects.get(reason="returned", reference=order.reference)
    assert movement.user == client.user
    # A double click / retried POST with the same key: no second refund, no second
    # call to Stripe.
    calls = len(stripe_api.requests)
    client.post(reverse("shop_orders:refund", args=[order.pk]), data)
    assert order.refunds.count() == 1 and len(stripe_api.requests) == calls
    assert on_hand(roll.variant_id) == before + 1


def test_refund_above_captured_is_refused(role_client, order, stripe_api):
    client = role_client("manager")
    key = (
        client.get(reverse("shop_orders:refund", args=[order.pk]))
        .context["form"]
        .initial["key"]
    )
    too_much = order.total + Decimal("0.01")
    response = client.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": str(too_much), "reason": "x", "key": key},
    )
    assert response.status_code == 200
    assert "more than can still be refunded" in response.text
    for bad in ("0", "-5", "abc"):
        response = client.post(
            reverse("shop_orders:refund", args=[order.pk]),
            {"amount": bad, "reason": "x", "key": key},
        )
        assert response.status_code == 200
    assert not order.refunds.exists() and not stripe_api.requests


def test_restock_more_than_sold_is_refused(role_client, order, stripe_api):
    client = role_client("manager")
    mat = order.lines.get(unit_price=Decimal("24.90"))
    response = client.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": "5", "reason": "x", "key": "k", f"restock_{mat.pk}": "3"},
    )
    assert response.status_code == 200
    assert not order.refunds.exists() and not stripe_api.requests


def test_second_refund_is_capped_by_the_first(role_client, order, stripe_api):
    client = role_client("manager")
    stripe_api.respond(200, refund_response(5000, "re_a"))
    client.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": "50.00", "reason": "goodwill", "key": "a"},
    )
    left = order.total - Decimal("50.00")
    response = client.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": str(left + Decimal("0.01")), "reason": "more", "key": "b"},
    )
    assert "more than can still be refunded" in response.text
    stripe_api.respond(200, refund_response(int(left * 100), "re_b"))
    client.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": str(left), "reason": "the rest", "key": "c"},
    )
    order.refresh_from_db()
    assert order.status == S.REFUNDED and order.amount_refunded() == order.total
    page = client.get(reverse("shop_orders:refund", args=[order.pk])).text
    assert "Nothing is left to refund" in page


def test_stock_staff_cannot_refund(role_client, order, stripe_api):
    client = role_client("stock")
    assert_refused(client.get(reverse("shop_orders:refund", args=[order.pk])))
    assert_refused(
        client.post(
            reverse("shop_orders:refund", args=[order.pk]),
            {"amount": "1", "reason": "x", "key": "k"},
        )
    )
    assert not order.refunds.exists() and not stripe_api.requests


def test_partially_refunded_order_keeps_its_fulfilment_order(
    role_client, order, stripe_api
):
    stripe_api.respond(200, refund_response(500, "re_small"))
    manager = role_client("manager")
    manager.post(
        reverse("shop_orders:refund", args=[order.pk]),
        {"amount": "5.00", "reason": "goodwill", "key": "g1"},
    )
    order.refresh_from_db()
    assert order.status == S.PARTIALLY_REFUNDED
    assert order.refunds.get().reason == "goodwill"
    page = manager.get(reverse("shop_orders:inspect", args=[order.pk])).text
    assert "Mark packed" in page
    assert "Mark delivered" not in page and "Mark shipped" not in page
    refused = manager.post(
        reverse("shop_orders:delivered", args=[order.pk]), follow=True
    ).text
    assert "must be packed before it can be marked delivered" in refused
    manager.post(reverse("shop_orders:packed", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == S.PACKED
