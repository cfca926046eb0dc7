"""The shop in a real browser: filter, choose a variant, add to the cart.

Rendering, overflow and axe-core on the shop pages are in test_key_pages.py.
"""

import re

from playwright.sync_api import expect

from .conftest import DESKTOP


def test_filter_choose_a_variant_and_add_it_to_the_cart(demo_site, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/shop/")
    # Choosing a body area applies the filter at once (progressive enhancement).
    with page.expect_navigation():
        page.select_option("select[name=area]", "calf")
    expect(page).to_have_url(re.compile(r"area=calf"))
    expect(page.locator(".active-filters").get_by_text("Calf")).to_be_visible()
    cards = page.locator("article.product-card")
    assert 0 < cards.count() < 21

    # Playwright's click does not wait for the navigation it starts: expect() does.
    page.get_by_role("link", name="Smooth foam roller").first.click()
    expect(page.locator("h1")).to_have_text("Smooth foam roller")
    price = page.locator("[data-price-value]")
    expect(price).to_have_text("€19.90")
    page.get_by_label("45 cm").check()
    expect(price).to_have_text("€24.90")  # updated in place
    expect(page).to_have_url(re.compile(r"variant="))
    page.fill("input[name=quantity]", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to cart", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_text("Smooth foam roller").first).to_be_visible()


def test_sold_out_product_cannot_be_added(demo_site, live_server, page):
    page.goto(live_server.url + "/shop/foam-rollers/vibrating-foam-roller/")
    button = page.locator("[data-add-to-cart]")
    expect(button).to_be_disabled()
    expect(button).to_have_text("Out of stock")
    # The quantity box looks as unusable as it is, not like a field to type in.
    quantity = page.get_by_label("Quantity")
    assert quantity.is_disabled()
    style = quantity.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return [s.backgroundColor, s.borderStyle, s.cursor]; }"
    )
    assert style[0] != "rgb(255, 255, 255)"
    assert style[1:] == ["dashed", "not-allowed"]


def test_phones_see_two_products_per_row_and_a_scroll_cue_on_the_chips(
    demo_site, live_server, page
):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/shop/")

    cards = page.locator(".product-card")
    first, second, third = (cards.nth(i).bounding_box() for i in range(3))
    assert first["y"] == second["y"] and second["x"] > first["x"]
    assert third["y"] > first["y"]
    assert first["width"] < 200
    # The chips row scrolls sideways and fades out at the right edge to say so.
    chips = page.locator(".category-nav ul")
    assert chips.evaluate("e => e.scrollWidth > e.clientWidth")
    mask = chips.evaluate(
        "e => getComputedStyle(e).maskImage || getComputedStyle(e).webkitMaskImage"
    )
    assert "linear-gradient" in mask
    # Half as tall as one product per row made it (over 10,000 px for 21 products).
    assert page.evaluate("document.documentElement.scrollHeight") < 7000
