"""A reader becomes a buyer: from the home page through a guide and a relief method to
a paid order, with the mouse and with the keyboard alone; and the site search."""

import re

from playwright.sync_api import expect

from .steps import (
    Shopper,
    cart_line,
    continue_to_payment,
    expect_test_payment_page,
    fill_checkout,
    product_url,
    set_on_hand,
    stock_badge,
    tab_and_type,
    tab_to,
    wait_for_csrf_token,
)

READER = Shopper(email="reader@example.com", full_name="Rosa Leserin")
GUIDE_TITLE = "Night leg cramps: why calves seize up in bed"
PRODUCT = "Wheat bag neck wrap"


def test_a_reader_finds_a_product_through_a_guide_and_buys_it(
    demo_site, live_server, page, test_payments
):
    from shop.orders.models import Order

    set_on_hand("WHT-NEC-LAV", 5)

    # Home → the night leg cramps guide.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=GUIDE_TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)
    expect(
        page.locator(".disclaimer, [aria-labelledby*=disclaimer]").first
    ).to_be_visible()

    # The guide → its relief method "Warm compress".
    page.get_by_role("complementary", name="What helps").get_by_role(
        "link", name="Warm compress"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm compress")
    products = page.get_by_role("region", name="Suitable products")
    card = products.locator(".product-card").filter(has_text=PRODUCT)
    expect(card).to_contain_text("Moist, gentle heat")  # the editor's "why" note
    card.get_by_role("link", name=PRODUCT, exact=True).click()

    # The product: choose a variant and a quantity, add to cart.
    expect(page.get_by_role("heading", level=1)).to_have_text(PRODUCT)
    buy_box = page.locator("form[data-buy-box]")
    buy_box.get_by_role("radio", name=re.compile("Lavender")).check()
    expect(stock_badge(page)).to_have_text("Only 5 left")
    expect(page.locator("[data-price-value]")).to_have_text("€21.90")
    wait_for_csrf_token(page, buy_box)
    buy_box.get_by_label("Quantity").fill("2")
    buy_box.get_by_role("button", name="Add to cart").click()

    # The cart: the line, the total and how far it is to free delivery.
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".messages")).to_contain_text(f"Added 2 × {PRODUCT}")
    line = cart_line(page, PRODUCT)
    expect(line).to_contain_text("Lavender")
    expect(line.get_by_label("Quantity")).to_have_value("2")
    expect(line).to_contain_text("€43.80")
    expect(page.locator(".free-shipping-hint")).to_have_text(
        "€6.20 more for free delivery."
    )

    # Checkout: a mistake in the postcode is shown at the field and in a summary.
    page.get_by_role("link", name="Go to checkout").click()
    fill_checkout(page, READER, postcode="!!")
    continue_to_payment(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem with your details")
    summary.get_by_role("link", name=re.compile("Postcode")).click()
    postcode = page.get_by_label("Postcode")
    expect(postcode).to_be_focused()
    expect(page.locator(".field--error")).to_contain_text(
        "Please enter a valid postcode"
    )
    # Announced with the field: screen readers read the error when it gets focus.
    expect(postcode).to_have_attribute("aria-invalid", "true")
    expect(postcode).to_have_accessible_description("Please enter a valid postcode.")
    expect(page.get_by_label("Email")).to_have_value(READER.email)  # nothing lost
    postcode.fill(READER.postcode)
    continue_to_payment(page)

    # The test payment provider: pay.
    expect_test_payment_page(page, total="€48.70")
    page.get_by_role("button", name="Pay €48.70").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your order is confirmed"
    )
    order = Order.objects.get(email=READER.email)
    confirmation = page.locator(".order-ref")
    expect(confirmation).to_contain_text(order.reference)
    expect(confirmation.locator(".badge")).to_have_text("Paid")
    expect(page.locator(".summary-line")).to_contain_text(f"2 × {PRODUCT}")

    # The stock badge on the product counts the two sold units.
    page.goto(product_url(live_server, "wheat-bag-neck-wrap"))
    page.locator("form[data-buy-box]").get_by_role(
        "radio", name=re.compile("Lavender")
    ).check()
    expect(stock_badge(page)).to_have_text("Only 3 left")


def test_search_finds_guides_and_products_and_helps_when_nothing_matches(
    demo_site, live_server, page
):
    page.goto(live_server.url + "/")
    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("calf cramp")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=calf\+cramp"))
    expect(page.locator(".results-count")).to_contain_text("for “calf cramp”")
    guides = page.get_by_role("region", name=re.compile("^Guides"))
    expect(guides.get_by_role("link", name=GUIDE_TITLE)).to_be_visible()
    products = page.get_by_role("region", name=re.compile("^Products"))
    expect(products.get_by_role("listitem").first).to_be_visible()
    expect(products.locator(".search-result__kind").first).to_have_text("Product")

    search = page.get_by_role("main").get_by_role("searchbox")
    search.fill("xylophone quasar")
    search.press("Enter")
    expect(
        page.get_by_role("heading", level=2, name=re.compile("Nothing matched"))
    ).to_have_text("Nothing matched “xylophone quasar”")
    empty = page.locator(".search-empty")
    expect(empty.get_by_role("link", name="browse every guide")).to_have_attribute(
        "href", "/guides/"
    )
    popular = page.get_by_role("region", name="Popular guides you might find useful")
    expect(popular.get_by_role("link").first).to_be_visible()


def test_the_same_journey_with_the_keyboard_alone(
    demo_site, live_server, page, test_payments
):
    page.goto(live_server.url + "/")
    tab_to(page, page.get_by_role("link", name=GUIDE_TITLE).first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(GUIDE_TITLE)

    tab_to(
        page,
        page.get_by_role("complementary", name="What helps").get_by_role(
            "link", name="Warm compress"
        ),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Warm compress")

    products = page.get_by_role("region", name="Suitable products")
    tab_to(page, products.get_by_role("link", name=PRODUCT, exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(PRODUCT)

    # Arrow keys move through the options of a radio group.
    buy_box = page.locator("form[data-buy-box]")
    wait_for_csrf_token(page, buy_box)
    lavender = buy_box.get_by_role("radio", name=re.compile("Lavender"))
    tab_to(page, buy_box.get_by_role("radio", checked=True))
    for _ in range(buy_box.get_by_role("radio").count()):
        if lavender.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(lavender).to_be_checked()
    expect(lavender).to_be_focused()
    tab_and_type(page, buy_box.get_by_label("Quantity"), "2")
    tab_to(page, buy_box.get_by_role("button", name="Add to cart"))
    page.keyboard.press("Enter")
    expect(cart_line(page, PRODUCT).get_by_label("Quantity")).to_have_value("2")

    tab_to(page, page.get_by_role("link", name="Go to checkout"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Checkout", level=1)).to_be_visible()
    tab_and_type(page, page.get_by_label("Email"), READER.email)
    tab_and_type(page, page.get_by_label("Full name"), READER.full_name)
    tab_and_type(page, page.get_by_label("Street and house number"), READER.street)
    tab_and_type(page, page.get_by_label("Postcode"), "!!")
    tab_and_type(page, page.get_by_label("Town or city"), READER.city)
    expect(page.get_by_label("Country")).to_have_value("DE")
    tab_to(page, page.get_by_role("button", name="Continue to payment"))
    page.keyboard.press("Enter")

    # The error summary's link takes the focus to the field to fix.
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem with your details")
    tab_to(page, summary.get_by_role("link", name=re.compile("Postcode")))
    page.keyboard.press("Enter")
    postcode = page.get_by_label("Postcode")
    expect(postcode).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(READER.postcode)
    tab_to(page, page.get_by_role("button", name="Continue to payment"))
    page.keyboard.press("Enter")

    expect_test_payment_page(page, total="€48.70")
    pay = page.get_by_role("button", name="Pay €48.70")
    tab_to(page, pay)
    expect(pay).to_be_focused()
