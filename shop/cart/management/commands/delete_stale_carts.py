"""`manage.py delete_stale_carts`: remove carts whose session can no longer exist.

Run from cron once a day. By default a cart is stale once it has been idle for as long
as a session lives (SESSION_COOKIE_AGE, 30 days), because only a session can lead
back to it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from shop.cart.services import delete_stale_carts


class Command(BaseCommand):
    help = "Delete carts untouched for longer than a session lives (30 days)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SESSION_COOKIE_AGE // 86400,
            help="Idle days after which a cart is deleted (default: session age).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count them, delete nothing."
        )

    def handle(self, *args, days: int, dry_run: bool, **options):
        session_days = settings.SESSION_COOKIE_AGE / 86400
        if days < session_days:
            # A shorter age would empty carts that shoppers can still open.
            raise CommandError(
                f"--days must be at least {session_days:g}, the session age; "
                "a younger cart may still be open in somebody's browser."
            )
        count = delete_stale_carts(idle_for=timedelta(days=days), dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} cart(s) idle for more than {days} days.")
