"""Role boundaries as a person meets them: each demo role's admin menu, and a
marketer sent away from orders. (The staff journeys themselves are in
test_staff_journeys.py.)"""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP
from .steps import admin_login


@pytest.mark.parametrize(
    ("username", "sees_shop"), [("marketer", False), ("stock", True), ("manager", True)]
)
def test_each_role_sees_its_own_admin(
    demo_site, live_server, new_context, username, sees_shop
):
    page = new_context(viewport=DESKTOP).new_page()
    admin_login(page, live_server, username)
    sidebar = page.locator("#wagtail-sidebar")
    expect(sidebar.get_by_role("button", name="Shop")).to_have_count(
        1 if sees_shop else 0
    )
    expect(page.get_by_text("Low stock")).to_have_count(1 if sees_shop else 0)
    if not sees_shop:
        page.goto(live_server.url + "/admin/orders/")
        expect(page).to_have_url(live_server.url + "/admin/")
        expect(page.get_by_text("do not have permission")).to_be_visible()
