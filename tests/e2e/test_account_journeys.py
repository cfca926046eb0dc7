"""Shopper accounts in Chromium: a guest's order joins the account they create, once
its address is verified; log-in, sign-up and account pages pass axe-core.

With SCREENSHOTS=1 the pages are saved at 390 and 1280 px (SCREENSHOT_DIR)."""

from playwright.sync_api import expect

from config.demo.users import DEMO_SHOPPER_EMAIL, DEMO_SHOPPER_PASSWORD
from shop.orders.models import Order
from tests.shop.accounts.helpers import verification_link

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .steps import Shopper, add_to_cart, paid_order, pay_at_checkout, variant_of
from .test_cockpit_journeys import screenshot

GUEST = Shopper(email="lena.guest@example.com", full_name="Lena Krampf")
PASSWORD = "warm-wheat-bag-17"  # noqa: S105 - test data


def test_a_guest_buys_signs_up_verifies_and_finds_the_order_in_their_account(
    demo_site, live_server, new_context, test_payments
):
    page = new_context(viewport=DESKTOP).new_page()
    audits = {}

    def audit(name):
        violations = serious_violations(page)
        if violations:
            audits[name] = violations

    # A guest buys: checkout offers "log in" and "continue as guest" side by side.
    page.goto(live_server.url + variant_of("WHT-NEC-LAV").product.url)
    add_to_cart(page)
    page.get_by_role("link", name="Go to checkout").click()
    expect(page.get_by_role("heading", name="Have an account?")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Log in")).to_be_visible()
    screenshot(page, "checkout-choice")
    page.set_viewport_size(PHONE)
    audit("checkout-choice-390")
    screenshot(page, "checkout-choice")
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="Continue as guest").click()
    pay_at_checkout(page, GUEST)
    order = Order.objects.get(email=GUEST.email)
    assert order.user is None

    # The header's link comes from /visitor.json: "Log in" for a guest.
    account_link = page.locator("header [data-account-link]")
    expect(account_link).to_have_text("Log in")
    account_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    audit("login")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    audit("signup")
    page.get_by_label("Email").fill(GUEST.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # Signed in, but the order waits for the address to be verified.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text(f"Please verify {GUEST.email}.")).to_be_visible()
    expect(page.get_by_text("No orders yet.")).to_be_visible()
    expect(page.get_by_text(order.reference)).to_have_count(0)
    audit("account-unverified")

    page.goto(live_server.url + verification_link(GUEST.email))
    audit("confirm-email")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_text("1 earlier order placed with")).to_be_visible()
    page.get_by_role("link", name=f"Order {order.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Order {order.reference}"
    )
    expect(page.get_by_text("Paid. We are getting your parcel ready.")).to_be_visible()
    audit("account-order")
    page.goto(live_server.url + "/")
    expect(page.locator("header [data-account-link]")).to_have_text("Your account")
    assert audits == {}


ACCOUNT_PAGES = [
    ("account", "/account/"),
    ("account-order", None),
    ("account-addresses", "/account/addresses/"),
    ("account-address-form", "/account/addresses/new/"),
    ("account-email", "/account/email/"),
    ("account-delete", "/account/delete/"),
]


def test_log_in_sign_up_and_account_pages_pass_axe_at_both_widths(
    demo_site, live_server, new_context, test_payments
):
    order = paid_order(DEMO_SHOPPER_EMAIL, [("BAL-PNT-01", 1)])
    violations = {}
    for viewport in (PHONE, DESKTOP):
        page = new_context(viewport=viewport).new_page()
        for name, path in [
            ("login", "/account/login/"),
            ("signup", "/account/signup/"),
            ("password-reset", "/account/password/reset/"),
        ]:
            page.goto(live_server.url + path)
            violations[f"{name}-{viewport['width']}"] = serious_violations(page)
            screenshot(page, name)
        page.goto(live_server.url + "/account/login/")
        page.get_by_label("Email").fill(DEMO_SHOPPER_EMAIL)
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("alert")).to_contain_text("not correct")
        violations[f"login-error-{viewport['width']}"] = serious_violations(page)
        screenshot(page, "login-error")
        page.get_by_label("Password").fill(DEMO_SHOPPER_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
        for name, path in ACCOUNT_PAGES:
            page.goto(live_server.url + (path or f"/account/orders/{order.reference}/"))
            violations[f"{name}-{viewport['width']}"] = serious_violations(page)
            screenshot(page, name)
        page.goto(live_server.url + "/account/addresses/new/")
        page.get_by_role("button", name="Save address").click()
        expect(page.get_by_role("alert")).to_contain_text("with this address")
        violations[f"address-errors-{viewport['width']}"] = serious_violations(page)
        screenshot(page, "account-address-errors")
    assert {name: found for name, found in violations.items() if found} == {}
