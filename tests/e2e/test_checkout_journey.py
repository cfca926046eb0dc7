"""A whole purchase in Chromium with the local test payment provider."""

import re

from django.core import mail
from django.test import override_settings
from playwright.sync_api import expect

from shop.inventory.models import StockLevel
from shop.orders.models import Order, OrderStatus
from tests.factories import stocked_variant
from tests.shop.catalogue.conftest import make_product

from .axe import serious_violations
from .conftest import PHONE

LOCAL_PAYMENTS = {
    "DEBUG": True,
    "SHOP_TEST_PAYMENTS": True,
    "STRIPE_SECRET_KEY": "",
    "STRIPE_WEBHOOK_SECRET": "",
    "SHOP_TEST_PAYMENTS_WEBHOOK_SECRET": "whsec_local_e2e",
}


def post_add_to_cart(page, base, variant, quantity, *, with_token=True):
    """Submit a plain add-to-cart form, as a product page's form would."""
    page.goto(base + "/visitor.json")  # issues this visitor's CSRF cookie
    with page.expect_navigation():
        page.evaluate(
            """([variant, quantity, withToken]) => {
                const form = document.createElement('form');
                form.method = 'post';
                form.action = '/cart/add/';
                const fields = {variant, quantity};
                if (withToken) {
                    fields.csrfmiddlewaretoken =
                        document.cookie.match(/csrftoken=([^;]+)/)[1];
                }
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement('input');
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [variant.pk, quantity, with_token],
        )


def test_a_shopper_buys_with_the_test_provider_and_gets_the_email(live_server, browser):
    product = make_product(stock=(4,))
    variant = product.variants.get()
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    accessibility = {}

    def audit(name):
        violations = serious_violations(page)
        if violations:
            accessibility[name] = violations

    with override_settings(**LOCAL_PAYMENTS):
        # The product page is cacheable: site.js puts this visitor's token in.
        page.goto(live_server.url + product.url)
        page.fill("#quantity", "2")
        page.wait_for_function(
            "document.querySelector('.buy-box [name=csrfmiddlewaretoken]').value"
        )
        page.get_by_role("button", name="Add to cart").click()
        expect(page).to_have_url(re.compile(r"/cart/$"))
        expect(page.locator(".cart-line")).to_have_count(1)
        expect(page.locator("[data-cart-count]")).to_have_text("2")
        audit("cart")

        page.get_by_role("link", name="Go to checkout").click()
        page.get_by_role("button", name="Continue to payment").click()
        # Playwright's click does not wait for the navigation it starts: expect() does.
        expect(page.locator(".error-summary")).to_be_visible()
        audit("checkout with errors")
        page.fill("#id_email", "e2e@example.com")
        page.fill("#id_full_name", "Eva Zweite")
        page.fill("#id_address_line1", "Am Hang 4")
        page.fill("#id_postcode", "80331")
        page.fill("#id_city", "München")
        page.get_by_role("button", name="Continue to payment").click()

        expect(page).to_have_url(re.compile(r"/checkout/test-payment/"))
        expect(page.get_by_text("Local test payment provider")).to_be_visible()
        audit("test payment page")
        page.get_by_role("button", name=re.compile(r"^Pay ")).click()

        expect(page.locator("h1")).to_have_text("Thank you, your order is confirmed")
        audit("success page")
        page.get_by_role("link", name="View your order").click()
        expect(page).to_have_url(re.compile(r"/orders/.*token="))
        paid = page.get_by_text("Paid. We are getting your parcel ready.")
        expect(paid).to_be_visible()
        audit("order page")

    order = Order.objects.get()
    assert order.status == OrderStatus.PAID
    level = StockLevel.objects.get(variant=variant)
    assert (level.on_hand, level.reserved) == (2, 0)
    (email,) = mail.outbox
    assert email.to == ["e2e@example.com"]
    assert order.reference in email.subject
    assert not errors
    assert accessibility == {}
    context.close()


def test_without_javascript_a_stale_token_gets_a_confirm_page(live_server, browser):
    variant = stocked_variant(on_hand=4)
    context = browser.new_context(viewport=PHONE, java_script_enabled=True)
    page = context.new_page()
    post_add_to_cart(page, live_server.url, variant, 2, with_token=False)
    expect(page.locator("h1")).to_have_text("One more click to add it")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".cart-line")).to_have_count(1)
    context.close()
