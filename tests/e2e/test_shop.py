"""The shop in a real browser: filter, choose a variant, add to the cart.

With SCREENSHOTS=1 the shop, a category and a product page are saved at phone and
desktop widths (SCREENSHOT_DIR, default screenshots/).
"""

import os
from pathlib import Path

import pytest

from .axe import serious_violations
from .conftest import DESKTOP, PHONE

SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
SHOP_PAGES = {
    "shop": "/shop/",
    "shop-filtered-empty": "/shop/?area=foot&price_min=500",
    "category": "/shop/foam-rollers/",
    "product": "/shop/foam-rollers/smooth-foam-roller/",
    "product-out-of-stock": "/shop/foam-rollers/vibrating-foam-roller/",
}


def scroll_through(page):
    """Scroll to the bottom and back so lazy pictures load before a screenshot."""
    height = page.evaluate("document.body.scrollHeight")
    for y in range(0, height, 700):
        page.evaluate(f"window.scrollTo(0, {y})")
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_shop_pages_render_accessibly(demo_site, live_server, browser, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}
    try:
        for name, path in SHOP_PAGES.items():
            response = page.goto(live_server.url + path)
            assert response.status == 200, path
            violations = serious_violations(page)
            if violations:
                found[name] = violations
            # Nothing may overflow sideways on a phone.
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
            if os.environ.get("SCREENSHOTS") == "1":
                scroll_through(page)
                SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(SCREENSHOT_DIR / f"{name}-{viewport['width']}.png"),
                    full_page=True,
                )
    finally:
        context.close()
    assert found == {}
    assert errors == []


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
