"""The daily counters: one row per page and day, bumped in place.

Add-to-carts are counted when a cart line is created with a source page (the
post_save receiver below, connected in apps.py); product views by the endpoint in
views.py.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import PageAttribution


def bump(page_id: int, field: str) -> None:
    """Add one to today's `field` ("product_views" or "add_to_carts") for a page.

    An UPDATE first, so concurrent bumps of an existing row never lose a count; the
    row is created only the first time a page counts on a day.
    """
    day = timezone.localdate()
    with transaction.atomic():
        updated = PageAttribution.objects.filter(page_id=page_id, day=day).update(
            **{field: F(field) + 1}
        )
        if not updated:
            row, created = PageAttribution.objects.get_or_create(
                page_id=page_id, day=day, defaults={field: 1}
            )
            if not created:
                PageAttribution.objects.filter(pk=row.pk).update(
                    **{field: F(field) + 1}
                )


def count_add_to_cart(sender, instance, created, raw=False, **kwargs):
    """post_save of a cart line: a new line with a source page is one add-to-cart."""
    if created and not raw and instance.source_page_id:
        bump(instance.source_page_id, "add_to_carts")
