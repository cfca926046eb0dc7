"""`manage.py release_expired_reservations`: free stock whose reservation ran out.

For when Stripe's `checkout.session.expired` event never arrives. Run from cron every
few minutes; it only touches unpaid orders past their reservation time.
"""

from django.core.management.base import BaseCommand

from shop.orders.jobs import release_expired_reservations


class Command(BaseCommand):
    help = "Release stock held by unpaid orders whose reservation has run out."

    def handle(self, *args, **options):
        released = release_expired_reservations()
        if released:
            self.stdout.write(
                f"Released {len(released)} reservation(s): {', '.join(released)}"
            )
        else:
            self.stdout.write("No expired reservations.")
