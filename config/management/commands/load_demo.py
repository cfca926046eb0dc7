"""Load the demo site: home page, catalogue, users, orders and guides. Idempotent.

Every step finds what it created before (by slug, SKU, e-mail or username) and only
adds what is missing, so running the command twice leaves one copy of everything.
The content itself is data: see each app's `demo/data/` folder.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from config.demo import orders, users
from guides import demo as guides_demo
from guides.finder import demo as finder_demo
from home import demo as home_demo
from shop.catalogue import demo as catalogue_demo


def load_admin_and_home(stdout) -> None:
    users.ensure_admin_user(stdout)
    home_demo.load(stdout)


def load_staff_and_orders(stdout) -> None:
    # After the catalogue: the demo orders buy its products.
    users.ensure_staff_users(stdout)
    orders.load_demo_orders(stdout)


# In this order; each step runs in its own transaction.
DEMO_STEPS = [
    load_admin_and_home,
    catalogue_demo.load,
    load_staff_and_orders,
    # After the catalogue: relief methods link the catalogue's demo products.
    guides_demo.load,
    # After the guides: the finder's rules name their causes and guides.
    finder_demo.load,
]


class Command(BaseCommand):
    help = "Create or complete the demo content and demo users (safe to re-run)."

    def handle(self, *args, **options):
        for step in DEMO_STEPS:
            with transaction.atomic():
                step(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
