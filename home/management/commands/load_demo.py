"""Load the demo site: home page, guides, catalogue and users. Idempotent.

Each step is a `load(stdout)` function in its app's `demo` module; every step finds
what it created before (by slug, SKU or username) and only adds what is missing, so
running the command twice leaves one copy of everything.
"""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

DEMO_STEPS = [
    "home.demo",
    "shop.catalogue.demo",
    "shop.inventory.demo",
    # After the catalogue: relief methods link the catalogue's demo products.
    "guides.demo",
]


class Command(BaseCommand):
    help = "Create or complete the demo content and demo users (safe to re-run)."

    def handle(self, *args, **options):
        for module_path in DEMO_STEPS:
            module = import_module(module_path)
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))
