"""Product reviews: a buyer reviews a product from the link in the order e-mail,
a shop manager approves it with a reply, readers see it on the product page.

axe-core runs (serious/critical) on the review form, the moderation screens and
the product page with its review, at 390 and 1280 px.
"""

import re

from playwright.sync_api import expect

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .steps import admin_login, paid_order

WRAP_SKU = "WHT-NEC-LAV"


def _no_serious_violations(page, what: str) -> None:
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        violations = serious_violations(page)
        assert violations == [], f"{what} at {size['width']} px: {violations}"


def _review_link(mailoutbox, order, product_title: str) -> str:
    """The review link for `product_title` in the order's confirmation e-mail."""
    (confirmation,) = [m for m in mailoutbox if order.reference in m.subject]
    text = confirmation.body
    match = re.search(
        rf"Review {re.escape(product_title)}: (https?://\S+/reviews/write/\S+/)", text
    )
    assert match, text
    return "/" + match.group(1).split("/", 3)[3]


def test_a_buyer_reviews_from_the_email_and_it_appears_after_approval(
    demo_site, live_server, new_context, test_payments, mailoutbox
):
    from shop.catalogue.models import ProductVariant

    wrap = ProductVariant.objects.get(sku=WRAP_SKU).product
    order = paid_order("reviewer@example.com", [(WRAP_SKU, 1), ("BAL-PNT-01", 1)])
    path = _review_link(mailoutbox, order, wrap.title)

    buyer = new_context(viewport=PHONE).new_page()
    buyer.goto(live_server.url + path)
    expect(buyer.get_by_role("heading", level=1)).to_have_text(f"Review {wrap.title}")
    _no_serious_violations(buyer, "review form")

    buyer.get_by_role("button", name="Send my review").click()
    expect(buyer.get_by_role("alert")).to_contain_text("Choose a rating from 1 to 5")
    _no_serious_violations(buyer, "review form with errors")

    buyer.get_by_label("5 stars: it helps a lot").check()
    buyer.get_by_label("Title").fill("My neck lets go in ten minutes")
    buyer.get_by_label("Your review").fill(
        "Warmed for a minute, it stays warm through a whole episode of my show."
    )
    buyer.get_by_label("Your name (optional)").fill("Mara")
    buyer.wait_for_timeout(3_200)  # the shared minimum fill time (3 s)
    buyer.get_by_role("button", name="Send my review").click()
    expect(buyer.get_by_role("heading", level=1)).to_have_text(
        "Thank you for your review"
    )
    expect(buyer.get_by_text("waiting for our staff to read it")).to_be_visible()

    buyer.goto(live_server.url + wrap.url)
    expect(buyer.get_by_role("heading", name="Reviews")).to_be_visible()
    expect(buyer.get_by_text("My neck lets go in ten minutes")).to_have_count(0)

    staff = new_context(viewport=DESKTOP).new_page()
    admin_login(staff, live_server, "manager")
    panel = staff.locator("#shop-reviews-section")
    expect(panel).to_contain_text("1 review waiting")
    panel.get_by_role("link", name="My neck lets go in ten minutes").click()
    expect(staff.get_by_text("Signed: Mara")).to_be_visible()
    _no_serious_violations(staff, "moderation page")
    staff.get_by_label("Reply from Unknot").fill("Thank you, Mara. Glad it helps.")
    staff.get_by_role("button", name="Approve").click()
    expect(staff.get_by_text("approved: it shows on")).to_be_visible()
    _no_serious_violations(staff, "reviews listing")

    buyer.goto(live_server.url + wrap.url)
    reviews = buyer.locator("#reviews")
    expect(
        reviews.get_by_role("heading", name="My neck lets go in ten minutes")
    ).to_be_visible()
    expect(reviews).to_contain_text("5.0 out of 5")
    expect(reviews).to_contain_text("Mara · verified buyer")
    expect(reviews).to_contain_text("Thank you, Mara. Glad it helps.")
    expect(buyer.locator(".product__rating")).to_contain_text("1 review")
    _no_serious_violations(buyer, "product page with a review")
