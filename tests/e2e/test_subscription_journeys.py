"""Double opt-in in a browser: a reader signs up for the free guide, confirms from
the e-mail and downloads the PDF; a shopper asks to hear when the sold-out
vibrating roller is back, confirms, staff book a delivery against a purchase order,
and the e-mail arrives once. With SCREENSHOTS=1 each step is saved at 390 and 1280
px."""

import re

from playwright.sync_api import expect

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .steps import admin_login, stock_of, variant_of, wait_for_csrf_token
from .test_cockpit_journeys import screenshot


def link_from(mailoutbox, live_server, to: str, kind: str) -> str:
    """The /<kind>/… link of the latest e-mail to `to`, on the live server."""
    (message,) = [m for m in mailoutbox if m.to == [to]][-1:]
    match = re.search(rf"https?://[^/\s]+(/{kind}/[^\s]+/)", message.body)
    assert match, message.body
    return live_server.url + match.group(1)


def check_page(page, name: str) -> None:
    assert serious_violations(page) == []
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        screenshot(page, name)


def test_reader_signs_up_confirms_and_downloads_the_free_guide(
    demo_site, live_server, new_context, mailoutbox
):
    page = new_context(viewport=PHONE).new_page()
    page.goto(live_server.url + "/free-guide/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "A 5-minute routine against night cramps"
    )
    check_page(page, "free-guide")
    box = page.get_by_role("region", name="Get the guide")
    form = box.locator("form")
    wait_for_csrf_token(page, form)
    form.get_by_label("Your e-mail address").fill("lena@example.com")
    form.get_by_role("checkbox", name=re.compile("E-mail me the free guide")).check()
    form.get_by_role("button", name="Send me the guide").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    check_page(page, "free-guide-check-inbox")

    page.goto(
        link_from(mailoutbox, live_server, "lena@example.com", "newsletter/confirm")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("You're signed up")
    check_page(page, "free-guide-confirmed")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the free guide (PDF)").click()
    assert download.value.suggested_filename == "free-guide.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    welcome = [m for m in mailoutbox if m.to == ["lena@example.com"]][-1]
    assert "/newsletter/free-guide/" in welcome.body
    assert welcome.extra_headers["List-Unsubscribe"].startswith("<http")


def test_shopper_is_told_once_when_the_sold_out_roller_comes_back(
    demo_site, live_server, new_context, mailoutbox
):
    from shop.inventory.models import PurchaseOrder, PurchaseOrderLine

    roller = variant_of("ROL-VIB-01")
    assert stock_of("ROL-VIB-01").available == 0
    order = PurchaseOrder.objects.create(supplier="Bodywell GmbH")
    PurchaseOrderLine.objects.create(
        purchase_order=order, stock=roller.stock, quantity_ordered=10
    )

    shopper = new_context(viewport=PHONE).new_page()
    shopper.goto(live_server.url + roller.product.url)
    form = shopper.locator("form[data-stock-alert]")
    expect(form).to_be_visible()  # open by itself: the product is sold out
    check_page(shopper, "alert-product-sold-out")
    wait_for_csrf_token(shopper, form)
    form.get_by_label("Your e-mail address").fill("mara@example.com")
    form.get_by_role("checkbox").check()
    form.get_by_role("button", name="Notify me").click()
    expect(shopper.get_by_role("heading", level=1)).to_have_text("Check your inbox")
    check_page(shopper, "alert-check-inbox")
    shopper.goto(
        link_from(mailoutbox, live_server, "mara@example.com", "alerts/confirm")
    )
    expect(shopper.get_by_role("heading", level=1)).to_have_text("Your alert is on")
    check_page(shopper, "alert-confirmed")

    staff = new_context(viewport=DESKTOP).new_page()
    admin_login(staff, live_server, "stock")
    staff.goto(live_server.url + "/admin/stock/?q=ROL-VIB-01")
    row = staff.get_by_role("row").filter(has_text="ROL-VIB-01")
    # The "Waiting for it" column: the demo's waiting shopper and Mara.
    expect(row.locator("td").last).to_have_text("2")
    screenshot(staff, "alert-stock-waiting")
    for arrived in ("6", "4"):
        staff.goto(live_server.url + f"/admin/purchase-orders/{order.pk}/receive/")
        staff.get_by_label("Units of ROL-VIB-01 that arrived").fill(arrived)
        staff.get_by_role("button", name="Book the delivery").click()
        expect(staff.locator(".messages")).to_contain_text(f"Received {arrived} units")

    back = [m for m in mailoutbox if m.subject.startswith("Back in stock")]
    assert sorted(m.to[0] for m in back) == [
        "mara@example.com",
        "waiting.shopper@example.com",
    ]
    assert roller.product.title in back[0].subject
