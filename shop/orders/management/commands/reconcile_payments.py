"""`manage.py reconcile_payments --since 2d`: apply what webhooks may have missed."""

import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from shop.orders.jobs import reconcile
from shop.payments.types import PaymentError

UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_since(text: str) -> timedelta:
    match = re.fullmatch(r"(\d{1,4})([mhd])", text.strip())
    if not match:
        raise CommandError("--since takes a number and a unit: 30m, 6h or 2d.")
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


class Command(BaseCommand):
    help = (
        "List recent Checkout Sessions from Stripe, fulfil paid ones whose webhook "
        "was missed, expire lapsed ones, release stale reservations, retry owed "
        "refunds. Idempotent: safe to run from cron every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", default="2d", help="How far back: 30m, 6h, 2d.")

    def handle(self, *args, since, **options):
        start = timezone.now() - parse_since(since)
        try:
            report = reconcile(since=start)
        except PaymentError as error:
            raise CommandError(f"Could not list sessions: {error}") from error
        checked = len(report.pop("checked", []))
        self.stdout.write(
            f"Checked {checked} checkout session(s) since {start:%Y-%m-%d %H:%M}."
        )
        if not report:
            self.stdout.write("Nothing to do.")
        for outcome, references in sorted(report.items()):
            self.stdout.write(f"{outcome}: {len(references)} ({', '.join(references)})")
