"""The daily low-stock e-mail: to shop managers, once a day, only when needed."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from shop.inventory.models import LowStockDigest
from shop.staff.roles import INVENTORY_STAFF, SHOP_MANAGERS

from .conftest import make_staff_user

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("send_low_stock_summary", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_sends_one_email_a_day_to_managers_listing_low_skus(
    roles, variant, other_variant, unstocked_variant
):
    make_staff_user("minna", SHOP_MANAGERS)
    make_staff_user("stan", INVENTORY_STAFF)
    run()
    run()  # cron ran again the same day
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["minna@unknot.example"]
    assert "ROLL-45" in message.body and "BALL-SET" in message.body
    assert "MAT-BLUE" not in message.body
    assert "/admin/stock/?state=low" in message.body
    assert LowStockDigest.objects.get().skus == 2


def test_nothing_low_sends_nothing_and_a_later_run_still_can(roles, variant):
    make_staff_user("minna", SHOP_MANAGERS)
    assert "nothing sent" in run()
    assert not mail.outbox and not LowStockDigest.objects.exists()


def test_no_manager_with_email_is_reported_not_recorded(roles, other_variant):
    assert "no active shop manager" in run()
    assert not LowStockDigest.objects.exists()


def test_dry_run_prints_and_records_nothing(roles, other_variant):
    make_staff_user("minna", SHOP_MANAGERS)
    assert "ROLL-45" in run("--dry-run")
    assert not mail.outbox and not LowStockDigest.objects.exists()


def test_failed_send_is_retried_next_run(roles, other_variant, settings):
    make_staff_user("minna", SHOP_MANAGERS)
    settings.EMAIL_BACKEND = "tests.shop.staff.test_low_stock_summary.BrokenBackend"
    with pytest.raises(OSError):
        run()
    assert not LowStockDigest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    assert len(mail.outbox) == 1


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("SMTP server down")
