"""E-mail the shop managers the SKUs at or below their low-stock threshold.

Cron-friendly: safe to run every hour; it sends at most one e-mail per day (the day
is recorded in LowStockDigest), sends nothing when nothing is low, and exits 0 in
both cases so cron stays quiet.

    */60 * * * *  cd /srv/unknot && .venv/bin/python manage.py send_low_stock_summary
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from shop.inventory.models import LowStockDigest
from shop.inventory.reports import default_threshold, low_stock
from shop.inventory.states import StockState
from shop.staff.roles import SHOP_MANAGERS


def manager_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=SHOP_MANAGERS)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def summary_text(levels, day) -> str:
    listing = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("stock:index")
    width = max(len(level.variant.sku) for level in levels)
    lines = [
        f"Low stock on {day:%A %d %B %Y}: {len(levels)} SKU(s) at or below "
        "their threshold.",
        "",
        f"{'SKU'.ljust(width)}  available  threshold  product",
    ]
    for level in levels:
        lines.append(
            f"{level.variant.sku.ljust(width)}  {level.available_units:>9}  "
            f"{level.effective_threshold:>9}  {level.variant.display_name}"
        )
    lines += ["", f"Stock in the admin: {listing}?state={StockState.LOW}", ""]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "E-mail shop managers today's low-stock summary (once per day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Print the summary instead of sending and recording it.",
        )

    def handle(self, *args, dry_run=False, **options):
        day = timezone.localdate()
        if LowStockDigest.objects.filter(day=day).exists():
            self.stdout.write(f"Already sent the summary for {day}; nothing to do.")
            return
        levels = list(low_stock(default_threshold()))
        if not levels:
            self.stdout.write("No SKU is at or below its threshold; nothing sent.")
            return
        body = summary_text(levels, day)
        if dry_run:
            self.stdout.write(body)
            return
        recipients = manager_emails()
        if not recipients:
            self.stderr.write(
                f"{len(levels)} SKU(s) are low but no active shop manager has an "
                "e-mail address; nothing sent."
            )
            return
        # Record and send in one transaction: a failed send rolls the record back so
        # the next run retries; a second concurrent run waits on the unique day and
        # then finds it taken.
        with transaction.atomic():
            digest, created = LowStockDigest.objects.get_or_create(
                day=day, defaults={"recipients": len(recipients), "skus": len(levels)}
            )
            if not created:
                self.stdout.write(f"Already sent the summary for {day}.")
                return
            send_mail(
                subject=f"[Unknot] Low stock: {len(levels)} SKU(s) on {day}",
                message=body,
                from_email=None,
                recipient_list=recipients,
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Sent the low-stock summary ({len(levels)} SKUs) to "
                f"{len(recipients)} manager(s)."
            )
        )
