"""Shopping journeys in Chromium: what a shopper sees when stock runs out and when a
card is declined. Payments go through the local test provider's page."""

import re

from playwright.sync_api import expect

from .steps import (
    Shopper,
    add_to_cart,
    cart_line,
    checkout_and_pay,
    continue_to_payment,
    expect_test_payment_page,
    fill_checkout,
    set_on_hand,
    stock_badge,
    stock_of,
    variant_of,
)

BUYER = Shopper(email="first@example.com", full_name="Ines Erste")
HOLDER = Shopper(email="second@example.com", full_name="Jonas Zweiter")


def test_the_last_unit_is_sold_to_one_shopper_and_the_other_is_told_at_checkout(
    demo_site, live_server, new_context, test_payments
):
    from shop.orders.models import Order

    set_on_hand("BAL-PNT-01", 1)
    product = variant_of("BAL-PNT-01").product.title
    url = live_server.url + variant_of("BAL-PNT-01").product.url
    holder = new_context().new_page()
    holder.goto(url)
    expect(stock_badge(holder)).to_have_text("Only 1 left")
    add_to_cart(holder, quantity=1)
    expect(cart_line(holder, product)).to_be_visible()

    buyer = new_context().new_page()
    buyer.goto(url)
    expect(stock_badge(buyer)).to_have_text("Only 1 left")
    add_to_cart(buyer, quantity=1)
    checkout_and_pay(buyer, BUYER)
    expect(buyer.locator(".summary-line")).to_contain_text(product)

    # The second shopper comes back to the cart: the item is gone from the shelf.
    holder.reload()
    expect(cart_line(holder, product)).to_contain_text("Sold out at the moment")
    holder.get_by_role("link", name="Go to checkout").click()
    fill_checkout(holder, HOLDER)
    continue_to_payment(holder)
    problem = holder.get_by_role("alert")
    expect(problem).to_contain_text("Not enough stock for your order")
    expect(problem).to_contain_text("Nothing was reserved or charged")
    expect(problem).to_contain_text(product)
    expect(holder).to_have_url(re.compile(r"/checkout/$"))

    holder.goto(url)
    expect(stock_badge(holder)).to_have_text("Out of stock")
    expect(holder.get_by_role("button", name="Out of stock")).to_be_disabled()

    assert not Order.objects.filter(email=HOLDER.email).exists()
    assert Order.objects.get(email=BUYER.email).status == "paid"
    stock = stock_of("BAL-PNT-01")
    assert (stock.on_hand, stock.reserved) == (0, 0)


def test_a_declined_card_returns_the_shopper_to_the_cart_with_nothing_held(
    demo_site, live_server, page, test_payments
):
    from shop.orders.models import Order

    set_on_hand("BTH-EPS-EU", 5)
    variant = variant_of("BTH-EPS-EU")
    url = live_server.url + variant.product.url
    page.goto(url)
    add_to_cart(page, variant=variant.name, quantity=2)
    page.get_by_role("link", name="Go to checkout").click()
    fill_checkout(page, BUYER)
    continue_to_payment(page)
    expect_test_payment_page(page)
    assert stock_of("BTH-EPS-EU").reserved == 2

    page.get_by_role("button", name="Decline the card").click()
    declined = page.get_by_role("alert")
    expect(declined).to_contain_text("Your card was declined")
    expect(declined).to_contain_text("Nothing was charged")

    page.get_by_role("link", name=re.compile("Back to the shop")).click()
    expect(page).to_have_url(re.compile(r"/cart/$"))
    expect(page.locator(".messages")).to_contain_text(
        "Payment cancelled. Nothing was charged"
    )
    line = cart_line(page, variant.product.title)
    expect(line).to_contain_text(variant.name)
    expect(line.get_by_label("Quantity")).to_have_value("2")

    page.goto(f"{url}?variant={variant.pk}")
    expect(stock_badge(page)).to_have_text("Only 5 left")
    stock = stock_of("BTH-EPS-EU")
    assert (stock.on_hand, stock.reserved) == (5, 0)
    assert (
        not Order.objects.get(email=BUYER.email).payments.filter(status="paid").exists()
    )
