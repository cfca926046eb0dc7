"""What a shopper does, step by step, in words a journey test can read.

Every step works the page the way a person does (roles, labels, visible text) and
waits for what they would wait for: the next page, a message, a filled-in form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.test import override_settings
from playwright.sync_api import Page, expect


@dataclass(frozen=True)
class Shopper:
    email: str = "mara@example.com"
    full_name: str = "Mara Wadenkrampf"
    street: str = "Lindenstraße 12"
    postcode: str = "10969"
    city: str = "Berlin"
    country: str = "Germany"


def wait_for_csrf_token(page: Page, form) -> None:
    """Cached pages get the visitor's CSRF token from site.js: wait until it is in."""
    expect(form.locator("input[name=csrfmiddlewaretoken]")).not_to_have_value("")


def add_to_cart(page: Page, *, variant: str | None = None, quantity: int = 1) -> None:
    """On a product page: pick the option and the quantity, press "Add to cart"."""
    buy_box = page.locator("form[data-buy-box]")
    wait_for_csrf_token(page, buy_box)
    if variant is not None:
        buy_box.get_by_role("radio", name=re.compile(re.escape(variant))).check()
    buy_box.get_by_label("Quantity").fill(str(quantity))
    buy_box.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cart")


def cart_line(page: Page, product: str):
    return page.locator("li.cart-line").filter(
        has=page.get_by_role("heading", name=product)
    )


def fill_checkout(page: Page, shopper: Shopper, *, postcode: str | None = None) -> None:
    page.get_by_label("Email").fill(shopper.email)
    page.get_by_label("Full name").fill(shopper.full_name)
    page.get_by_label("Street and house number").fill(shopper.street)
    page.get_by_label("Postcode").fill(postcode or shopper.postcode)
    page.get_by_label("Town or city").fill(shopper.city)
    page.get_by_label("Country").select_option(label=shopper.country)
    page.get_by_role("checkbox", name="I have read and accept the terms").check()


def continue_to_payment(page: Page) -> None:
    page.get_by_role("button", name="Continue to payment").click()


def expect_test_payment_page(page: Page, total: str | None = None) -> None:
    expect(page).to_have_url(re.compile(r"/checkout/test-payment/"))
    expect(page.get_by_text("Local test payment provider.")).to_be_visible()
    if total is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Pay {total}")


def checkout_and_pay(page: Page, shopper: Shopper) -> None:
    """From the cart: checkout with valid details, pay on the test page."""
    page.get_by_role("link", name="Go to checkout").click()
    expect(page.get_by_role("heading", name="Checkout", level=1)).to_be_visible()
    pay_at_checkout(page, shopper)


def pay_at_checkout(page: Page, shopper: Shopper) -> None:
    """On the checkout page: valid details, then pay on the test page."""
    fill_checkout(page, shopper)
    continue_to_payment(page)
    expect_test_payment_page(page)
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your order is confirmed"
    )


def stock_badge(page: Page):
    return page.locator("[data-stock-badge]")


# Arranging the shop (test setup, not what a shopper does) ---------------------------
def local_payment_provider():
    """The local test payment provider, which only runs with DEBUG on (development)."""
    return override_settings(
        DEBUG=True,
        STRIPE_SECRET_KEY="",
        SHOP_TEST_PAYMENTS=True,
        SHOP_TEST_PAYMENTS_WEBHOOK_SECRET="whsec_local_e2e_journeys",
    )


def euros(amount) -> str:
    return f"€{amount:,.2f}"


def variant_of(sku: str):
    """The variant with this SKU and its product (names and prices come from the
    demo data rather than being copied into the tests)."""
    from shop.catalogue.models import ProductVariant

    return ProductVariant.objects.select_related("product").get(sku=sku)


def shipping_settings():
    from wagtail.models import Site

    from home.models import SiteSettings

    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def set_on_hand(sku: str, units: int) -> None:
    """Put exactly `units` on the shelf for `sku`, nothing reserved."""
    from shop.catalogue.summaries import refresh_product_summaries
    from shop.inventory.models import StockLevel

    levels = StockLevel.objects.filter(variant__sku=sku)
    assert levels.update(on_hand=units, reserved=0)
    # Written around the stock service: bring the listings' stored figures along.
    refresh_product_summaries(levels.values_list("variant__product_id", flat=True))


def stock_of(sku: str):
    from shop.inventory.models import StockLevel

    return StockLevel.objects.get(variant__sku=sku)


# The keyboard alone ---------------------------------------------------------------
FOCUS_IS_VISIBLE = """el => {
    const style = getComputedStyle(el);
    return (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
        || style.boxShadow !== "none";
}"""


def tab_to(page: Page, target, *, limit: int = 250) -> None:
    """Press Tab until `target` has the focus, and check that the focus shows."""
    element = target.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("el => document.activeElement === el", element):
            assert element.evaluate(FOCUS_IS_VISIBLE), (
                f"no visible focus indicator on {element.evaluate('e => e.outerHTML')}"
            )
            return
    raise AssertionError(f"{target} was not reached with {limit} presses of Tab")


def tab_and_type(page: Page, field, text: str) -> None:
    tab_to(page, field)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


# Staff -----------------------------------------------------------------------------
def admin_login(page: Page, live_server, username: str) -> None:
    """Sign in to the Wagtail admin as one of the demo staff users."""
    from config.demo.users import DEMO_STAFF_PASSWORD

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(live_server.url + "/admin/")


def paid_order(email: str, lines: list[tuple[str, int]]):
    """An order paid through the local test provider, as checkout would leave it.

    Setup for the staff journeys: `place_paid_order` calls the same services the
    checkout view calls and the provider's `pay`, which delivers a signed
    `checkout.session.completed` event through the real webhook handler.
    """
    from shop.catalogue.models import ProductVariant
    from shop.checkout.local_provider import place_paid_order
    from shop.checkout.services import CheckoutDetails

    shopper = Shopper(email=email)
    order = place_paid_order(
        details=CheckoutDetails(
            email=email,
            full_name=shopper.full_name,
            address_line1=shopper.street,
            postcode=shopper.postcode,
            city=shopper.city,
            country="DE",
            shipping_method="standard",
        ),
        lines=[
            (ProductVariant.objects.get(sku=sku).pk, quantity)
            for sku, quantity in lines
        ],
        site_url="http://127.0.0.1",
    )
    assert order.status == "paid", order.status
    return order
