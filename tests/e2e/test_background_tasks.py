"""A superuser finds a failed background task under Settings and reads why."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_a_failed_e_mail_task_is_visible_in_the_admin(page, live_server, settings):
    from django.contrib.auth import get_user_model

    from config.settings.base import DATABASE_TASKS
    from shop.orders import tasks
    from shop.orders.models import OrderStatus
    from tests.factories import OrderFactory

    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "tests.shop.orders.test_tasks.RefusingMailServer"
    paid = OrderFactory(status=OrderStatus.PAID)  # only paid orders are confirmed
    tasks.send_order_confirmation.enqueue(paid.pk, attempt=99)
    get_user_model().objects.create_superuser("root", "root@example.com", "pw-root-1")

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill("pw-root-1")
    page.get_by_role("button", name="Sign in").click()
    page.goto(live_server.url + "/admin/background-tasks/?status=FAILED")
    expect(page.get_by_text("send_order_confirmation")).to_be_visible()
    for width, name in ((390, "phone"), (1280, "desktop")):
        page.set_viewport_size({"width": width, "height": 900})
        if os.environ.get("SCREENSHOTS") == "1":
            folder = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=folder / f"background-tasks-{name}.png")
    page.get_by_role("link", name="send_order_confirmation").first.click()
    expect(page.get_by_text("GaveUp").first).to_be_visible()
