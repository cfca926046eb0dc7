"""The reader's journey: a guide, its relief method, a product card, the cart."""

from playwright.sync_api import expect

from .conftest import PHONE


def test_reader_goes_from_guide_to_method_to_cart(demo_site, live_server, page):
    page.goto(live_server.url + "/guides/night-leg-cramps/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Night leg cramps")
    expect(page.locator(".red-flag").first).to_be_visible()
    expect(page.locator(".disclaimer")).to_contain_text("Medically reviewed by")

    page.locator("#methods-title + .card-grid").get_by_role(
        "link", name="Self-massage with a roller or ball"
    ).first.click()
    expect(page).to_have_url(live_server.url + "/relief/self-massage/")
    expect(page.locator(".steps__item")).to_have_count(4)

    # The first suitable product that can go straight into the cart (one variant,
    # in stock); the others link to their page to choose options.
    buyable = page.locator(".suitable-products .product-card").filter(
        has=page.get_by_role("button", name="Add to cart")
    )
    expect(buyable.first).to_be_visible()
    name = buyable.first.locator(".card__title").inner_text()
    buyable.first.get_by_role("button", name="Add to cart").click()

    expect(page).to_have_url(live_server.url + "/cart/")
    expect(page.locator("main")).to_contain_text(name)


def test_reader_filters_guides_by_body_area_on_a_phone(demo_site, live_server, browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/guides/")
        page.get_by_label("Body area", exact=True).select_option("neck")
        page.get_by_role("button", name="Show guides").click()
        expect(page).to_have_url(live_server.url + "/guides/?area=neck&cause=")
        expect(page.locator(".results-count")).to_contain_text("for the neck")
        cards = page.locator(".guide-card")
        assert cards.count() >= 2
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    finally:
        context.close()
