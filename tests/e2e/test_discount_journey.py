"""A shopper applies the demo's discount code and pays the discounted total.

With SCREENSHOTS=1 the cart and checkout with the code are saved at 390 and 1280 px
into SCREENSHOT_DIR (default screenshots/), as `make screenshots` does for key pages.
"""

import os
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from playwright.sync_api import expect

from .axe import serious_violations
from .steps import (
    Shopper,
    add_to_cart,
    continue_to_payment,
    euros,
    expect_test_payment_page,
    fill_checkout,
    shipping_settings,
    variant_of,
)

SKU = "BTH-EPS-EU"
SHOPPER = Shopper(email="calm@example.com", full_name="Lena Ruhig")
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
WIDTHS = {"phone": 390, "desktop": 1280}


def at_both_widths(page, name: str) -> None:
    """axe-core finds nothing serious at 390 and 1280 px; screenshots on request."""
    for label, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert serious_violations(page) == [], f"{name} at {width} px"
        if os.environ.get("SCREENSHOTS") == "1":
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOT_DIR / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_shopper_applies_a_code_and_pays_the_discounted_total(
    demo_site, live_server, page, test_payments
):
    from shop.discounts.models import DiscountCode, DiscountUse
    from shop.orders.models import Order

    variant = variant_of(SKU)
    quantity = 3
    items = variant.price * quantity
    discount = (items * Decimal("0.10")).quantize(Decimal("0.01"), ROUND_HALF_UP)
    settings = shipping_settings()
    shipping = (
        Decimal("0.00")
        if items - discount >= settings.free_shipping_threshold
        else settings.flat_shipping_price
    )
    total = items - discount + shipping

    page.goto(live_server.url + variant.product.url)
    add_to_cart(page, variant=variant.name, quantity=quantity)

    code_field = page.get_by_label("Discount code")
    code_field.fill("calm1O")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("#discount-code-error")).to_have_text(
        "There is no discount code “CALM1O”. Please check the spelling."
    )
    expect(page.get_by_label("Discount code")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Discount code").fill("calm10")
    page.get_by_role("button", name="Apply").click()
    expect(
        page.get_by_text(f"The code CALM10 takes {euros(discount)} off")
    ).to_be_visible()
    summary = page.locator(".summary-box .totals")
    expect(summary).to_contain_text(f"Discount (CALM10)−{euros(discount)}")
    expect(summary).to_contain_text(f"Estimated total{euros(total)}")
    at_both_widths(page, "cart-with-code")

    page.get_by_role("link", name="Go to checkout").click()
    expect(page.get_by_role("heading", name="Checkout", level=1)).to_be_visible()
    totals = page.locator(".summary-box .totals")
    expect(totals).to_contain_text(f"−{euros(discount)}")
    expect(totals).to_contain_text(f"Total with standard delivery{euros(total)}")
    fill_checkout(page, SHOPPER)
    at_both_widths(page, "checkout-with-code")

    continue_to_payment(page)
    expect_test_payment_page(page, euros(total))
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you, your order is confirmed"
    )

    order = Order.objects.get(email=SHOPPER.email)
    assert order.status == "paid"
    assert (order.discount_code, order.discount_total, order.total) == (
        "CALM10",
        discount,
        total,
    )
    assert order.payments.get().amount == total
    assert DiscountUse.objects.get(order_reference=order.reference).state == "used"
    assert DiscountCode.objects.get(code="CALM10").times_used == 1
