"""The shop in a real browser: filter, choose a variant, add to the cart.

Rendering, overflow and axe-core on the shop pages are in test_key_pages.py.
"""

from .conftest import DESKTOP


def test_filter_choose_a_variant_and_add_it_to_the_cart(demo_site, live_server, page):
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/shop/")
    # Choosing a body area applies the filter at once (progressive enhancement).
    with page.expect_navigation():
        page.select_option("select[name=area]", "calf")
    assert "area=calf" in page.url
    assert page.locator(".active-filters").get_by_text("Calf").is_visible()
    cards = page.locator("article.product-card")
    assert 0 < cards.count() < 21

    page.get_by_role("link", name="Smooth foam roller").first.click()
    assert page.locator("h1").inner_text() == "Smooth foam roller"
    price = page.locator("[data-price-value]")
    assert price.inner_text() == "€19.90"
    page.get_by_label("45 cm").check()
    assert price.inner_text() == "€24.90"  # updated in place
    assert "variant=" in page.url
    page.fill("input[name=quantity]", "2")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to cart", exact=True).click()
    assert page.url.endswith("/cart/")
    assert page.get_by_text("Smooth foam roller").first.is_visible()


def test_sold_out_product_cannot_be_added(demo_site, live_server, page):
    page.goto(live_server.url + "/shop/foam-rollers/vibrating-foam-roller/")
    button = page.locator("[data-add-to-cart]")
    assert button.is_disabled()
    assert button.inner_text() == "Out of stock"
