"""State of the local test payment provider (development only).

Stripe keeps its Checkout Sessions on its side; the local stand-in keeps them here so
the success page, the cancel page and `reconcile_payments` can ask about them exactly
as they ask Stripe. Never used when `STRIPE_SECRET_KEY` is set.
"""

from django.db import models


class LocalCheckoutSession(models.Model):
    """A pretend Checkout Session, shaped like Stripe's, paid on a local page."""

    id = models.CharField(primary_key=True, max_length=64, editable=False)
    order_reference = models.CharField(max_length=20, db_index=True)
    params = models.JSONField(help_text="The parameters checkout sent, as to Stripe.")
    amount_total = models.PositiveIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=10, default="open")
    payment_status = models.CharField(max_length=20, default="unpaid")
    payment_intent_id = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # Created by the checkout app before payments had an app of its own.
        db_table = "checkout_localcheckoutsession"
        ordering = ["-created_at"]
        verbose_name = "local test checkout session"

    def __str__(self) -> str:
        return f"{self.id} ({self.status})"
