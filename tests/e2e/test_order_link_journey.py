"""A shopper opens an expired order link, asks for fresh links and gets one that
works; the answer reads the same for an address without orders."""

import re
import time
from unittest import mock

from django.core import mail
from playwright.sync_api import expect


def test_an_expired_order_link_leads_to_a_fresh_one(demo_site, live_server, page):
    from shop.orders.links import order_path
    from tests.factories import OrderFactory

    order = OrderFactory(email="lena@example.com", full_name="Lena Vogt")
    with mock.patch(
        "django.core.signing.time.time", return_value=time.time() - 400 * 86400
    ):
        expired = order_path(order)

    page.goto(live_server.url + expired)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This order link has expired"
    )
    expect(page.get_by_text("Lena Vogt")).to_have_count(0)

    # The footer has a newsletter e-mail field too: fill in the form in <main>.
    page.get_by_role("main").get_by_label("Your e-mail address").fill(
        "lena@example.com"
    )
    page.get_by_role("button", name="Send me fresh links").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    [message] = [m for m in mail.outbox if "fresh links" in m.subject]
    fresh = re.search(r"https?://\S+/orders/\S+", message.body).group(0)
    page.goto(live_server.url + fresh[fresh.index("/orders/") :])
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Order {order.reference}"
    )
