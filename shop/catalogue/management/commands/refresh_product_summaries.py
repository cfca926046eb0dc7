"""`refresh_product_summaries`: rebuild every product's stored listing figures.

The summaries are kept exact as variants and stock change; this is the repair tool
for when rows were written around the services (a raw SQL fix, a restored backup).
"""

from django.core.management.base import BaseCommand

from shop.catalogue.summaries import refresh_product_summaries


class Command(BaseCommand):
    help = "Recompute every product's stored summary (price range, variants, stock)."

    def handle(self, *args, **options):
        written = refresh_product_summaries()
        self.stdout.write(self.style.SUCCESS(f"Refreshed {written} product summaries."))
