"""What attribution stores: daily sums per page, nothing about any visitor."""

from django.db import models


class PageAttribution(models.Model):
    """Daily first-party counts of what a page led to: product views reached from it
    and add-to-carts made from it. No visitor, session or IP is stored, only sums.

    Paid sales are not counted here: order lines carry their `source_page`, and
    `metrics.page_metrics()` adds them up next to these counters. The table keeps the
    name it had when the model lived in the inventory app.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    product_views = models.PositiveIntegerField(default=0)
    add_to_carts = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "inventory_pageattribution"
        constraints = [
            models.UniqueConstraint(fields=["page", "day"], name="attribution_page_day")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} on {self.day}"
