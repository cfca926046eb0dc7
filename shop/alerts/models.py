"""Back-in-stock alerts: one address waiting for one variant.

An alert is open until it has been sent (`notified_at`) or cancelled (withdrawn);
only confirmed open alerts are sent, and each at most once.
"""

from django.db import models
from django.db.models import Q

from home.double_opt_in import ConsentRecord, OptInStatus


class StockAlertQuerySet(models.QuerySet):
    def open(self):
        return self.filter(notified_at__isnull=True).exclude(
            status=OptInStatus.WITHDRAWN
        )

    def waiting(self):
        """Confirmed and not sent yet: the shoppers staff see waiting."""
        return self.filter(notified_at__isnull=True, status=OptInStatus.CONFIRMED)


class StockAlert(ConsentRecord):
    """ "E-mail me when it is back" for one variant, with its consent record."""

    variant = models.ForeignKey(
        "catalogue.ProductVariant", on_delete=models.CASCADE, related_name="+"
    )
    notified_at = models.DateTimeField(null=True, blank=True)

    objects = StockAlertQuerySet.as_manager()

    class Meta:
        verbose_name = "back-in-stock alert"
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "email"],
                condition=Q(notified_at__isnull=True) & ~Q(status="withdrawn"),
                name="alerts_one_open_alert_per_address",
            )
        ]
        indexes = [models.Index(fields=["variant", "status", "notified_at"])]

    def __str__(self) -> str:
        return f"{self.email} waits for {self.variant_id}"
