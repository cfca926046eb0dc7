"""Staff at work in the Wagtail admin, each as their demo role: a marketer writes a
guide that a manager approves, inventory staff receive a delivery, a manager ships
one order and refunds part of another. Each ends where a shopper sees the result."""

import re

from playwright.sync_api import expect

from .conftest import DESKTOP
from .steps import admin_login, euros, paid_order, stock_badge, variant_of

GUIDE = "Calf cramps on long drives"
RED_FLAG_SIGN = "the calf stays swollen, red or warm after the drive"
PRODUCT_NOTE = "Cools and gently squeezes the calf at the next rest stop."


def test_a_marketer_writes_a_guide_that_a_manager_approves(
    demo_site, live_server, new_context
):
    product = variant_of("WRP-CLD-LEG").product  # the cold compression wrap
    lowest_price = min(variant.price for variant in product.variants.all())
    marketer = new_context(viewport=DESKTOP).new_page()
    admin_login(marketer, live_server, "marketer")
    marketer.goto(live_server.url + "/admin/pages/")
    marketer.get_by_role("link", name="Explore child pages of 'Guides'").click()
    marketer.get_by_role("link", name="Add child page").click()
    expect(marketer.get_by_role("heading", level=1)).to_contain_text("New")

    marketer.locator("#id_title").fill(GUIDE)
    marketer.get_by_role("textbox", name="Teaser*").fill(
        "Why a calf locks up after hours at the wheel, and what to do at the next stop."
    )
    marketer.get_by_role("checkbox", name="Calf").check()

    # Who wrote and reviewed it, when, and on what it rests: needed to submit.
    for field, person in (
        ("author", "Lena Hartmann"),
        ("medical_reviewer", "Dr Tomás Reyes"),
    ):
        marketer.locator(f"#id_{field}-chooser").get_by_role(
            "button", name="Choose contributor"
        ).click()
        marketer.get_by_role("dialog").get_by_role("link", name=person).click()
        expect(marketer.get_by_role("dialog")).to_be_hidden()
    marketer.locator("#id_last_reviewed").fill("2026-11-01")
    marketer.locator("#id_sources-0-title").fill("NHS: Leg cramps")
    marketer.locator("#id_sources-0-url").fill(
        "https://www.nhs.uk/conditions/leg-cramps/"
    )

    # A red-flag warning block, which a guide needs above any product.
    marketer.get_by_role("button", name="Insert a block").first.click()
    marketer.get_by_role("option", name="Red-flag warning").click()
    marketer.locator("#body-0-value-title").fill("See a doctor if…")
    marketer.locator("#body-0-value-signs-0-value").fill(RED_FLAG_SIGN)

    # A product card block, the product chosen in Wagtail's page chooser.
    marketer.get_by_role("button", name="Insert a block").last.click()
    marketer.get_by_role("option", name="Product card").click()
    marketer.get_by_role("button", name=re.compile("Choose a page")).click()
    chooser = marketer.get_by_role("dialog")
    chooser.get_by_role("textbox").fill(product.title)
    chooser.get_by_role("link", name=product.title, exact=True).click()
    expect(chooser).to_be_hidden()
    marketer.locator("#body-1-value-note").fill(PRODUCT_NOTE)

    # Wagtail autosaves the draft half a second after each change. Its first autosave
    # creates the page; a "Save draft" sent while that request is still running
    # would try to create it a second time, so let it finish first.
    expect(marketer.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    marketer.get_by_role("button", name="Save draft").click()
    expect(marketer.locator(".messages")).to_contain_text(
        re.compile(f"Page '{GUIDE}' (has been )?(created|updated)")
    )
    expect(marketer).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))

    # Preview: the draft as readers will see it, in the side panel.
    marketer.get_by_role("button", name="Toggle preview").click()
    # Wagtail loads each refresh into a second iframe and swaps it in: the
    # newest one holds the preview.
    preview = marketer.locator("iframe[title='Preview']").last.content_frame
    expect(preview.get_by_role("heading", level=1)).to_have_text(GUIDE)
    expect(preview.get_by_role("note", name="When to see a doctor")).to_contain_text(
        RED_FLAG_SIGN
    )
    expect(preview.locator(".product-card")).to_contain_text(PRODUCT_NOTE)

    marketer.get_by_role("button", name="More actions").click()
    marketer.get_by_role("button", name="Submit to Guide review").click()
    expect(marketer.locator(".messages")).to_contain_text(
        f"Page '{GUIDE}' has been submitted for moderation"
    )

    guide_url = live_server.url + "/guides/calf-cramps-on-long-drives/"
    reader = new_context().new_page()
    assert reader.goto(guide_url).status == 404  # not live before approval

    # A shop manager approves it from the admin dashboard.
    manager = new_context(viewport=DESKTOP).new_page()
    admin_login(manager, live_server, "manager")
    review = manager.get_by_role("region", name="Awaiting your review")
    row = review.get_by_role("row").filter(has_text=GUIDE)
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve", exact=True).click()
    expect(review.get_by_role("row").filter(has_text=GUIDE)).to_have_count(0)

    # Live: readers find it in the guide listing, with its warning and product.
    reader.goto(live_server.url + "/guides/")
    reader.get_by_role("link", name=GUIDE).first.click()
    expect(reader).to_have_url(guide_url)
    expect(reader.get_by_role("heading", level=1)).to_have_text(GUIDE)
    expect(reader.get_by_role("note", name="When to see a doctor")).to_contain_text(
        RED_FLAG_SIGN
    )
    card = reader.locator(".product-card").filter(has_text=product.title)
    expect(card).to_contain_text(PRODUCT_NOTE)
    expect(card.locator(".badge")).to_have_text("In stock")
    expect(card.locator(".product-card__price")).to_contain_text(euros(lowest_price))


def test_inventory_staff_receive_a_delivery_and_the_shop_shows_it_in_stock(
    demo_site, live_server, new_context
):
    product = variant_of("ROL-VIB-01").product  # sold out in the demo
    shopper = new_context().new_page()
    shopper.goto(live_server.url + product.url)
    expect(stock_badge(shopper)).to_have_text("Out of stock")
    expect(shopper.get_by_role("button", name="Out of stock")).to_be_disabled()

    staff = new_context(viewport=DESKTOP).new_page()
    admin_login(staff, live_server, "stock")
    low_stock = staff.get_by_role("region", name="Low stock")
    low_stock.get_by_role("link", name="ROL-VIB-01").click()
    expect(staff.locator(".staff-figures")).to_contain_text("Out of stock")
    staff.get_by_role("link", name="Receive a delivery of this SKU").click()
    # The SKU comes chosen in the picker.
    expect(staff.locator("[data-chooser-title]").first).to_contain_text("ROL-VIB-01")
    staff.get_by_label("Supplier reference").fill("DN-2026-118")
    staff.get_by_label("Units 1", exact=True).fill("6")
    staff.get_by_role("button", name="Receive delivery").click()

    expect(staff.locator(".messages")).to_contain_text(
        "Received 6 units over 1 SKUs (DN-2026-118)"
    )
    ledger_row = staff.get_by_role("row").filter(has_text="ROL-VIB-01")
    expect(ledger_row).to_contain_text("Received")
    expect(ledger_row).to_contain_text("DN-2026-118")

    shopper.reload()
    expect(stock_badge(shopper)).to_have_text("In stock")
    expect(shopper.get_by_role("button", name="Add to cart")).to_be_enabled()
    shopper.goto(live_server.url + product.get_parent().url)
    card = shopper.locator(".product-card").filter(has_text=product.title)
    expect(card.locator(".badge")).to_have_text("In stock")


def test_a_manager_ships_one_order_and_refunds_part_of_another(
    demo_site, live_server, new_context, test_payments, mailoutbox
):
    from shop.orders.links import order_path

    to_ship = paid_order("ship-me@example.com", [("GEL-HC-S", 2)])
    to_refund = paid_order(
        "refund-me@example.com", [("STR-LOP-TE", 1), ("BTH-MAG-1", 1)]
    )
    manager = new_context(viewport=DESKTOP).new_page()
    admin_login(manager, live_server, "manager")
    sidebar = manager.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Shop").click()
    sidebar.get_by_role("link", name="Orders", exact=True).click()
    manager.get_by_role("link", name=to_ship.reference).click()
    expect(manager.locator(".staff-lead .staff-badge")).to_have_text("Paid")

    manager.get_by_role("link", name="Mark packed").click()
    manager.get_by_role("button", name="Mark packed").click()
    expect(manager.locator(".staff-lead .staff-badge")).to_have_text("Packed")
    manager.get_by_role("link", name="Mark shipped").click()
    manager.get_by_label("Carrier").select_option(label="DHL")
    manager.get_by_label("Tracking number").fill("JD0146 0003 2211")
    manager.get_by_role("button", name="Mark shipped and e-mail the shopper").click()
    expect(manager.locator(".messages")).to_contain_text(
        f"Order {to_ship.reference} marked shipped; the shopper was e-mailed."
    )
    expect(manager.locator(".staff-lead .staff-badge")).to_have_text("Shipped")
    expect(manager.get_by_role("region", name="Shipping address")).to_contain_text(
        "Shipped with DHL: JD0146 0003 2211"
    )

    manager.goto(live_server.url + "/admin/")
    sidebar = manager.locator("#wagtail-sidebar")
    sidebar.get_by_role("button", name="Shop").click()
    sidebar.get_by_role("link", name="Orders", exact=True).click()
    manager.get_by_role("link", name=to_refund.reference).click()
    manager.get_by_role("link", name="Refund", exact=True).click()
    manager.get_by_label("Amount").fill("14.90")
    manager.get_by_label("Reason").fill("Strap arrived with a torn loop")
    manager.get_by_role("button", name="Refund to the shopper's card").click()
    expect(manager.locator(".staff-lead .staff-badge")).to_have_text(
        "Partially refunded"
    )
    money = manager.get_by_role("region", name="Money")
    expect(money).to_contain_text("14.90")

    shopper = new_context().new_page()
    shopper.goto(live_server.url + order_path(to_ship))
    expect(shopper.locator(".page-header .badge")).to_have_text("Shipped")
    expect(shopper.locator(".page-header")).to_contain_text("On its way to you.")
    shopper.goto(live_server.url + order_path(to_refund))
    expect(shopper.locator(".page-header .badge")).to_have_text("Partially refunded")
    expect(shopper.locator(".totals")).to_contain_text("Refunded")
    expect(shopper.locator(".totals")).to_contain_text("€14.90")

    shipping_mail = [m for m in mailoutbox if "ship-me@example.com" in m.to]
    assert any("JD0146 0003 2211" in m.body for m in shipping_mail)
