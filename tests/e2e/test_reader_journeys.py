"""A reader becomes a buyer: from the home page through a guide and a relief method to
a paid order, with the mouse and with the keyboard alone; and the site search."""

import re

from playwright.sync_api import expect

from .steps import (
    Shopper,
    cart_line,
    continue_to_payment,
    euros,
    expect_test_payment_page,
    fill_checkout,
    set_on_hand,
    shipping_settings,
    stock_badge,
    tab_and_type,
    tab_to,
    variant_of,
    wait_for_csrf_token,
)

READER = Shopper(email="reader@example.com", full_name="Rosa Leserin")
SKU = "WHT-NEC-LAV"  # the wheat bag neck wrap, lavender


def reading_path():
    """The guide, the method and the product of the journey, as the demo names them."""
    from guides.models import GuidePage, ReliefMethodPage

    variant = variant_of(SKU)
    method = ReliefMethodPage.objects.get(slug="warm-compress")
    return (
        GuidePage.objects.get(slug="night-leg-cramps").title,
        method.title,
        variant,
        method.suitable_products.get(product=variant.product).note,
    )


def test_a_reader_finds_a_product_through_a_guide_and_buys_it(
    demo_site, live_server, page, test_payments
):
    from shop.orders.models import Order

    guide, method, variant, note = reading_path()
    product, option = variant.product.title, variant.name
    set_on_hand(SKU, 5)
    items = variant.price * 2
    shipping = shipping_settings()
    total = euros(items + shipping.flat_shipping_price)

    # Home → the night leg cramps guide, with its medical disclaimer.
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=guide).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(guide)
    expect(page.get_by_role("complementary", name="Not medical advice")).to_be_visible()

    # The guide → its relief method "Warm compress".
    page.get_by_role("complementary", name="What helps").get_by_role(
        "link", name=method
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(method)
    products = page.get_by_role("region", name="Suitable products")
    card = products.locator(".product-card").filter(has_text=product)
    expect(card).to_contain_text(note)  # the editor's "why this product"
    card.get_by_role("link", name=product, exact=True).click()

    # The product: choose a variant and a quantity, add to cart.
    expect(page.get_by_role("heading", level=1)).to_have_text(product)
    buy_box = page.locator("form[data-buy-box]")
    buy_box.get_by_role("radio", name=re.compile(option)).check()
    expect(stock_badge(page)).to_have_text("Only 5 left")
    expect(page.locator("[data-price-value]")).to_have_text(euros(variant.price))
    wait_for_csrf_token(page, buy_box)
    buy_box.get_by_label("Quantity").fill("2")
    buy_box.get_by_role("button", name="Add to cart").click()

    # The cart: the line, the total and how far it is to free delivery.
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".messages")).to_contain_text(f"Added 2 × {product}")
    line = cart_line(page, product)
    expect(line).to_contain_text(option)
    expect(line.get_by_label("Quantity")).to_have_value("2")
    expect(line).to_contain_text(euros(items))
    assert items < shipping.free_shipping_threshold
    expect(page.locator(".free-shipping-hint")).to_have_text(
        f"{euros(shipping.free_shipping_threshold - items)} more for free delivery."
    )

    # Checkout: a mistake in the postcode is shown at the field and in a summary.
    page.get_by_role("link", name="Go to checkout").click()
    fill_checkout(page, READER, postcode="!!")
    continue_to_payment(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem with your details")
    # GOV.UK's pattern: the summary has the focus and the title says "Error:".
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: Checkout"))
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
    expect_test_payment_page(page, total=total)
    page.get_by_role("button", name=f"Pay {total}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your order is confirmed"
    )
    order = Order.objects.get(email=READER.email)
    confirmation = page.locator(".order-ref")
    expect(confirmation).to_contain_text(order.reference)
    expect(confirmation.locator(".badge")).to_have_text("Paid")
    expect(page.locator(".summary-line")).to_contain_text(f"2 × {product}")
    # Attribution: the guide that started the journey is credited, the method read
    # last before the add-to-cart assists; the product page is neither.
    (sold,) = order.lines.select_related("first_guide", "source_page")
    assert (sold.first_guide.title, sold.source_page.title) == (guide, method)

    # The stock badge on the product counts the two sold units.
    page.goto(live_server.url + variant.product.url)
    page.locator("form[data-buy-box]").get_by_role(
        "radio", name=re.compile(option)
    ).check()
    expect(stock_badge(page)).to_have_text("Only 3 left")


def test_search_finds_guides_and_products_and_helps_when_nothing_matches(
    demo_site, live_server, page
):
    guide = reading_path()[0]
    page.goto(live_server.url + "/")
    search = page.get_by_role("search").get_by_role("searchbox")
    search.fill("calf cramp")
    search.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=calf\+cramp"))
    expect(page.locator(".results-count")).to_contain_text("for “calf cramp”")
    guides = page.get_by_role("region", name=re.compile("^Guides"))
    expect(guides.get_by_role("link", name=guide)).to_be_visible()
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
    guide, method, variant, _note = reading_path()
    product, option = variant.product.title, variant.name
    total = euros(variant.price * 2 + shipping_settings().flat_shipping_price)

    page.goto(live_server.url + "/")
    tab_to(page, page.get_by_role("link", name=guide).first)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(guide)

    tab_to(
        page,
        page.get_by_role("complementary", name="What helps").get_by_role(
            "link", name=method
        ),
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(method)

    products = page.get_by_role("region", name="Suitable products")
    tab_to(page, products.get_by_role("link", name=product, exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(product)

    # Arrow keys move through the options of a radio group.
    buy_box = page.locator("form[data-buy-box]")
    wait_for_csrf_token(page, buy_box)
    wanted = buy_box.get_by_role("radio", name=re.compile(option))
    tab_to(page, buy_box.get_by_role("radio", checked=True))
    for _ in range(buy_box.get_by_role("radio").count()):
        if wanted.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(wanted).to_be_checked()
    expect(wanted).to_be_focused()
    tab_and_type(page, buy_box.get_by_label("Quantity"), "2")
    tab_to(page, buy_box.get_by_role("button", name="Add to cart"))
    page.keyboard.press("Enter")
    expect(cart_line(page, product).get_by_label("Quantity")).to_have_value("2")

    tab_to(page, page.get_by_role("link", name="Go to checkout"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Checkout", level=1)).to_be_visible()
    tab_and_type(page, page.get_by_label("Email"), READER.email)
    tab_and_type(page, page.get_by_label("Full name"), READER.full_name)
    tab_and_type(page, page.get_by_label("Street and house number"), READER.street)
    tab_and_type(page, page.get_by_label("Postcode"), "!!")
    tab_and_type(page, page.get_by_label("Town or city"), READER.city)
    expect(page.get_by_label("Country")).to_have_value("DE")
    tab_to(page, page.get_by_role("checkbox", name="I have read and accept the terms"))
    page.keyboard.press("Space")
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

    expect_test_payment_page(page, total=total)
    pay = page.get_by_role("button", name=f"Pay {total}")
    tab_to(page, pay)
    expect(pay).to_be_focused()
