"""Staff see failed background tasks in the admin, and cannot edit them."""

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from config.settings.base import DATABASE_TASKS
from shop.orders import tasks
from shop.orders.models import OrderStatus
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_a_failed_task_is_listed_with_its_error(settings, admin_user):
    settings.TASKS = DATABASE_TASKS
    settings.EMAIL_BACKEND = "tests.shop.orders.test_tasks.RefusingMailServer"
    paid = OrderFactory(status=OrderStatus.PAID)  # only paid orders are confirmed
    tasks.send_order_confirmation.enqueue(paid.pk, attempt=99)
    failed = DBTaskResult.objects.get()
    client = Client()
    client.force_login(admin_user)

    listing = client.get("/admin/background-tasks/?status=FAILED")
    assert listing.status_code == 200
    assert b"send_order_confirmation" in listing.content
    detail = client.get(f"/admin/background-tasks/inspect/{failed.pk}/")
    assert b"GaveUp" in detail.content
    assert client.get(f"/admin/background-tasks/edit/{failed.pk}/").status_code in (
        302,
        403,
        404,
    )
    assert client.get("/admin/background-tasks/new/").status_code in (302, 403, 404)
    assert b"Background tasks" in client.get("/admin/").content
