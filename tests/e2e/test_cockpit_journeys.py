"""The staff cockpit in a browser: a manager goes from the dashboard to a refund of
two of three lines (the shopper's e-mail states the amount); inventory staff order
from a supplier with the SKU picker and book a partial delivery. With
SCREENSHOTS=1 each dashboard and the new pages are saved at 390 and 1280 px."""

import os
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .steps import admin_login, euros, paid_order, stock_of
from .test_key_pages import SCREENSHOT_DIR

REFUND_REASON = "Strap and salts came back unopened"


def screenshot(page, name: str) -> None:
    if os.environ.get("SCREENSHOTS") == "1":
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        width = page.viewport_size["width"]
        page.screenshot(
            path=str(SCREENSHOT_DIR / f"{name}-{width}.png"), full_page=True
        )


def test_manager_refunds_two_of_three_lines_from_the_dashboard(
    demo_site, live_server, new_context, test_payments, mailoutbox
):
    order = paid_order(
        "three-lines@example.com",
        [("STR-LOP-TE", 1), ("BTH-MAG-1", 2), ("GEL-HC-S", 1)],
    )
    salts = order.lines.get(sku="BTH-MAG-1")
    strap = order.lines.get(sku="STR-LOP-TE")
    expected = strap.unit_price + 2 * salts.unit_price
    on_shelf = {sku: stock_of(sku).on_hand for sku in ("STR-LOP-TE", "BTH-MAG-1")}

    manager = new_context(viewport=DESKTOP).new_page()
    admin_login(manager, live_server, "manager")
    sales = manager.get_by_role("region", name="Shop today")
    expect(sales).to_contain_text("Sales today")
    fulfil = manager.get_by_role("region", name="Orders to pack and ship")
    fulfil.get_by_role("link", name=order.reference).click()
    expect(manager.locator(".staff-lead .staff-badge")).to_have_text("Paid")

    manager.get_by_role("link", name="Refund", exact=True).click()
    manager.get_by_label("Refund units of STR-LOP-TE").fill("1")
    manager.get_by_label("Refund units of BTH-MAG-1").fill("2")
    manager.get_by_label("Put back on the shelf: STR-LOP-TE").fill("1")
    manager.get_by_label("Put back on the shelf: BTH-MAG-1").fill("2")
    expect(manager.get_by_label("Amount")).to_have_value(str(expected))
    expect(manager.locator("[data-refund-total]")).to_have_text(f"{expected} EUR")
    manager.get_by_label("Reason").fill(REFUND_REASON)
    screenshot(manager, "admin-refund-from-lines")
    manager.get_by_role("button", name="Refund to the shopper's card").click()
    expect(manager.locator(".staff-lead .staff-badge")).to_have_text(
        "Partially refunded"
    )
    expect(manager.get_by_role("region", name="Money")).to_contain_text(str(expected))
    assert stock_of("STR-LOP-TE").on_hand == on_shelf["STR-LOP-TE"] + 1
    assert stock_of("BTH-MAG-1").on_hand == on_shelf["BTH-MAG-1"] + 2

    (message,) = [
        m for m in mailoutbox if m.to == [order.email] and "refund" in m.subject.lower()
    ]
    assert f"we have refunded {euros(expected)}" in message.body
    assert "Refunded so far" in message.body
    assert Decimal(str(expected)) < order.total


def test_inventory_staff_order_with_the_picker_and_receive_part(
    demo_site, live_server, new_context
):
    before = stock_of("ROL-VIB-01").on_hand
    staff = new_context(viewport=DESKTOP).new_page()
    admin_login(staff, live_server, "stock")
    sidebar = staff.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Shop").click()
    sidebar.get_by_role("link", name="Purchase orders").click()
    staff.get_by_role("link", name=re.compile("Add purchase order")).click()
    staff.get_by_role("textbox", name="Supplier*").fill("Bodywell GmbH")
    staff.get_by_role("textbox", name="Supplier reference").fill("Q-2026-31")
    staff.get_by_role("button", name="Choose a SKU").click()
    picker = staff.locator(".modal-content")
    picker.get_by_label("Search SKU or product").fill("ROL-VIB")
    choice = staff.get_by_role("link", name=re.compile("ROL-VIB-01"))
    row = picker.locator("tr", has=choice)
    expect(row).to_contain_text("Vibrating foam roller")
    expect(row.locator("img")).to_have_count(1)
    screenshot(staff, "admin-sku-picker")
    choice.click()
    expect(picker).to_be_hidden()
    expect(staff.locator("[data-chooser-title]").first).to_contain_text("ROL-VIB-01")
    staff.get_by_label("Units ordered").fill("10")
    staff.get_by_role("button", name="Create").click()

    expect(staff.get_by_role("heading", level=1)).to_contain_text("Purchase order PO-")
    staff.get_by_label("Units of ROL-VIB-01 that arrived").fill("6")
    staff.get_by_label("Note").fill("DN-5541, second pallet next week")
    staff.get_by_role("button", name="Book the delivery").click()
    expect(staff.locator(".messages")).to_contain_text("Received 6 units against PO-")
    expect(staff.locator(".staff-figures")).to_contain_text("Partly received")
    ledger = staff.get_by_role("row").filter(has_text="DN-5541")
    expect(ledger).to_contain_text("4 short of 10 outstanding")
    screenshot(staff, "admin-purchase-order")
    assert stock_of("ROL-VIB-01").on_hand == before + 6

    cache.clear()  # the dashboard's figures are a minute old at most: a minute on
    staff.goto(live_server.url + "/admin/")
    deliveries = staff.get_by_role("region", name="Deliveries expected")
    expect(deliveries).to_contain_text("Bodywell GmbH")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_each_role_dashboard_renders_without_serious_violations(
    demo_site, live_server, new_context, viewport
):
    found = {}
    for role in ("manager", "stock", "marketer"):
        page = new_context(viewport=viewport).new_page()
        admin_login(page, live_server, role)
        expect(page.locator("main")).to_be_visible()
        panels = page.locator(".w-panel--dashboard")
        expect(panels.first).to_be_visible()
        screenshot(page, f"admin-dashboard-{role}")
        violations = serious_violations(page)
        if violations:
            found[role] = violations
    assert found == {}
