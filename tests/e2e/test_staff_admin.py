"""A shop manager in real Chromium: takes one paid order to shipped and refunds part
of another; a marketer's admin has no Shop menu at all."""

import re

import pytest
from playwright.sync_api import expect

from shop.inventory.roles import MARKETERS, SHOP_MANAGERS
from shop.orders.models import OrderStatus
from tests.shop.checkout.fixtures import stripe_api  # noqa: F401
from tests.shop.staff.conftest import make_staff_user
from tests.shop.staff.orders_helpers import paid_order, refund_response

from .conftest import DESKTOP


def log_in(browser, live_server, username):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


@pytest.fixture
def site_settings():
    from wagtail.models import Site

    from home.models import SiteSettings

    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def test_manager_ships_one_order_and_refunds_part_of_another(
    live_server,
    browser,
    site_settings,
    stripe_api,  # noqa: F811
):
    make_staff_user("minna", SHOP_MANAGERS)
    to_ship = paid_order(site_settings)
    to_refund = paid_order(site_settings)
    page = log_in(browser, live_server, "minna")

    page.goto(live_server.url + "/admin/orders/")
    page.get_by_role("link", name=to_ship.reference).click()
    page.get_by_role("link", name="Mark packed").click()
    page.get_by_role("button", name="Mark packed").click()
    expect(page.get_by_text("marked packed")).to_be_visible()
    page.get_by_role("link", name="Mark shipped").click()
    page.select_option("select[name=carrier]", "dhl")
    page.fill("input[name=tracking_number]", "JJD000390007")
    page.get_by_role("button", name="Mark shipped and e-mail the shopper").click()
    expect(page.get_by_text("marked shipped")).to_be_visible()
    to_ship.refresh_from_db()
    assert to_ship.status == OrderStatus.SHIPPED

    stripe_api.respond(200, refund_response(500, "re_e2e"))
    page.goto(live_server.url + f"/admin/orders/{to_refund.pk}/")
    page.get_by_role("link", name="Refund").click()
    page.fill("input[name=amount]", "5.00")
    page.fill("input[name=reason]", "Box dented in transit")
    page.get_by_role("button", name="Refund to the shopper's card").click()
    expect(
        page.get_by_text(f"Refunded 5.00 EUR on {to_refund.reference}")
    ).to_be_visible()
    to_refund.refresh_from_db()
    assert to_refund.status == OrderStatus.PARTIALLY_REFUNDED


def test_marketer_admin_has_no_shop(live_server, browser):
    make_staff_user("mara", MARKETERS)
    page = log_in(browser, live_server, "mara")
    expect(page.get_by_role("button", name="Shop")).to_have_count(0)
    page.goto(live_server.url + "/admin/orders/")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text("do not have permission")).to_be_visible()
