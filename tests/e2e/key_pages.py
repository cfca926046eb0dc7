"""The key pages of the site, in the state a visitor meets them: visited at
phone and desktop widths by test_key_pages.py (rendering, overflow, axe-core) and by
`make screenshots`."""

from __future__ import annotations

from collections.abc import Iterator

from playwright.sync_api import Page, expect

from .steps import (
    add_to_cart,
    continue_to_payment,
    local_payment_provider,
    paid_order,
    variant_of,
)

PRODUCT_PATH = "/shop/heat-pads-and-wheat-bags/wheat-bag-neck-wrap/"

_CLEAR = (
    "rf-chest-pain=no&rf-swollen-calf=no&rf-weakness-numbness=no"
    "&rf-wound-or-toxin=no&rf-long-cramp=no"
)
FINDER_PAGES = {
    "finder-safety": "/finder/",
    "finder-where": f"/finder/?{_CLEAR}",
    "finder-when": f"/finder/?{_CLEAR}&area=calf",
    "finder-result": f"/finder/?{_CLEAR}&area=calf&when=night&when=exercise"
    "&often=weekly&length=minutes",
    "finder-care": "/finder/?rf-chest-pain=no&rf-swollen-calf=yes",
    "finder-tampered": "/finder/?area=elbow",
}

PUBLIC_PAGES = {
    "home": "/",
    "guide-listing": "/guides/",
    "guide-listing-filtered": "/guides/?area=calf",
    "guide": "/guides/night-leg-cramps/",
    "guide-neck": "/guides/neck-spasms-and-pinched-nerves/",
    "guide-treatments": "/guides/when-spasms-signal-something-else/",
    "relief-listing": "/relief/",
    "relief-method": "/relief/warm-compress/",
    "relief-method-without-products": "/relief/walking-it-off/",
    "shop-listing": "/shop/",
    "shop-listing-filtered-empty": "/shop/?area=foot&price_min=500",
    "category-listing": "/shop/foam-rollers/",
    "product": PRODUCT_PATH,
    "product-out-of-stock": "/shop/foam-rollers/vibrating-foam-roller/",
    "search-results": "/search/?q=calf+cramp",
    "search-empty": "/search/?q=zzzqqq",
    "not-found": "/this-page-does-not-exist/",
    **FINDER_PAGES,
    "policy-terms": "/terms/",
    "policy-returns": "/returns/",
    "policy-shipping": "/shipping/",
    "policy-privacy": "/privacy/",
    "policy-cookies": "/cookies/",
    "policy-legal-notice": "/legal-notice/",
    "order-link": "/order-link/",
}
SHOPPER_PAGES = ["cart", "checkout", "checkout-errors", "order", "success-elsewhere"]
KEY_PAGES = [*PUBLIC_PAGES, *SHOPPER_PAGES]


def visit_key_pages(page: Page, live_server) -> Iterator[str]:
    """Open each key page in turn and yield its name once it is on screen."""
    for name, path in PUBLIC_PAGES.items():
        page.goto(live_server.url + path)
        expect(page.locator("main#main")).to_be_visible()
        yield name

    variant = variant_of("WHT-NEC-LAV")
    page.goto(live_server.url + variant.product.url)
    add_to_cart(page, variant=variant.name, quantity=2)
    yield "cart"

    page.get_by_role("link", name="Go to checkout").click()
    expect(page.get_by_role("heading", name="Checkout", level=1)).to_be_visible()
    yield "checkout"

    continue_to_payment(page)  # nothing filled in: every error shows
    expect(page.get_by_role("alert")).to_contain_text("problems with your details")
    yield "checkout-errors"

    from shop.orders.links import order_path

    with local_payment_provider():
        order = paid_order("key-pages@example.com", [("GEL-HC-L", 1)])
    page.goto(live_server.url + order_path(order))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Order {order.reference}"
    )
    yield "order"

    # A forwarded success URL opened in a browser that did not check out.
    session_id = order.payments.get().stripe_session_id
    page.goto(live_server.url + f"/checkout/success/?session_id={session_id}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    yield "success-elsewhere"
