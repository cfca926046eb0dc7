"""Order e-mails and refunds as background tasks: retried later with backoff where
the backend can defer, failed visibly after the last attempt, never lost."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from config.settings.base import DATABASE_TASKS, IMMEDIATE_TASKS
from shop.orders import tasks
from shop.orders.models import Order, OrderStatus
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def database_tasks(settings):
    """The production task backend; tests/conftest.py runs each row when enqueued."""
    settings.TASKS = DATABASE_TASKS


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"


def rows():
    return list(DBTaskResult.objects.order_by("enqueued_at"))


def test_the_confirmation_goes_out_from_its_task_row_once(database_tasks):
    order = OrderFactory(status=OrderStatus.PAID)  # a paid order is confirmed
    tasks.send_order_confirmation.enqueue(order.pk)
    tasks.send_order_confirmation.enqueue(order.pk)  # a retry, a second worker
    assert len(mail.outbox) == 1
    assert [row.status for row in rows()] == ["SUCCESSFUL", "SUCCESSFUL"]


def test_a_refused_confirmation_is_tried_again_later(database_tasks, mail_server_down):
    order = OrderFactory(status=OrderStatus.PAID)  # a paid order is confirmed
    before = timezone.now()
    tasks.send_order_confirmation.enqueue(order.pk)

    first, retry = rows()
    assert first.status == "SUCCESSFUL" and first.return_value is False
    assert retry.status == "READY"
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    delay = tasks.RETRY_DELAYS[0]
    assert before + timedelta(seconds=delay) <= retry.run_after
    assert retry.run_after <= timezone.now() + timedelta(seconds=delay)
    order.refresh_from_db()
    assert order.confirmation_sent_at is None, "unclaimed for the next attempt"


def test_after_the_last_attempt_the_task_fails_visibly_and_the_work_stays_owed(
    database_tasks, mail_server_down
):
    order = OrderFactory(status=OrderStatus.PAID)  # a paid order is confirmed
    tasks.send_order_confirmation.enqueue(order.pk, attempt=len(tasks.RETRY_DELAYS))

    (last,) = rows()
    assert last.status == "FAILED"
    assert last.exception_class_path == "shop.orders.tasks.GaveUp"
    order.refresh_from_db()
    assert order.confirmation_sent_at is None  # reconcile_payments sends it later


def test_without_a_deferring_backend_a_failure_is_left_to_reconcile(
    mail_server_down, settings
):
    """The immediate backend (development) cannot wait: no tight retry loop."""
    settings.TASKS = IMMEDIATE_TASKS  # whichever backend the suite runs with
    order = OrderFactory(status=OrderStatus.PAID)  # a paid order is confirmed
    result = tasks.send_order_confirmation.enqueue(order.pk)
    assert result.status == "FAILED"
    assert not DBTaskResult.objects.exists()
    assert Order.objects.get(pk=order.pk).confirmation_sent_at is None


def test_an_order_that_needs_no_refund_is_not_retried(database_tasks):
    order = OrderFactory()
    tasks.refund_unfulfillable.enqueue(order.pk)
    (only,) = rows()
    assert only.status == "SUCCESSFUL" and only.return_value is False
