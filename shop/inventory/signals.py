"""Every variant gets its (empty) stock row the moment it exists."""

from .models import StockLevel


def create_stock_level(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        StockLevel.objects.get_or_create(variant=instance)
