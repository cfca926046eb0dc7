"""Everything that changes an alert: ask, confirm, cancel, send.

Each change is one transaction with a line in the alert's history; e-mails go out
from tasks once it commits. Sending claims the alert first (`notified_at`), so two
workers or a repeated signal never send one twice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from home.double_opt_in import (
    OptInStatus,
    claim_confirmation_mail,
    minutes_until_next_mail,
    normalise_email,
)
from shop.catalogue.models import ProductVariant

from .models import StockAlert

PURPOSE = "stock-alerts"
CONSENT_VERSION = "2026-1"


def consent_text(variant: ProductVariant) -> str:
    """The words next to the box, with the product filled in (kept per alert)."""
    return (
        f"E-mail me once when {variant.product.title} ({variant.name}) is back in "
        "stock. I confirm my address first, and can cancel with one click."
    )


class Ask(enum.Enum):
    SENT = "sent"
    COVERED = "covered by the last confirmation e-mail"
    ALREADY_WAITING = "already waiting"
    IN_STOCK = "in stock"


@dataclass(frozen=True)
class AskResult:
    outcome: Ask
    alert: StockAlert | None = None
    wait_minutes: int = 0


def is_sold_out(variant: ProductVariant) -> bool:
    stock = getattr(variant, "stock", None)
    return stock is None or stock.available <= 0


def ask(*, variant: ProductVariant, email: str, source: str) -> AskResult:
    """Open an alert (pending) and send the confirmation link, at most one e-mail
    an hour per address. A variant in stock, or an alert already open, changes
    nothing."""
    from . import tasks

    email = normalise_email(email)
    if not is_sold_out(variant):
        return AskResult(Ask.IN_STOCK)
    with transaction.atomic():
        alert = StockAlert.objects.open().filter(variant=variant, email=email).first()
        if alert is not None and alert.status == OptInStatus.CONFIRMED:
            return AskResult(Ask.ALREADY_WAITING, alert)
        may_send = claim_confirmation_mail(purpose=PURPOSE, email=email)
        if alert is None:
            alert = StockAlert(
                variant=variant,
                email=email,
                consent_text=consent_text(variant),
                consent_version=CONSENT_VERSION,
                source=source,
            )
            alert.record("asked", source=source, version=CONSENT_VERSION)
            try:
                with transaction.atomic():
                    alert.save()
            except IntegrityError:  # the same request twice at once
                return AskResult(Ask.ALREADY_WAITING)
        if not may_send:
            wait = minutes_until_next_mail(purpose=PURPOSE, email=email)
            return AskResult(Ask.COVERED, alert, wait_minutes=wait)
        alert.confirmation_sent_at = timezone.now()
        alert.save(update_fields=["confirmation_sent_at"])
        alert_id = alert.pk
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(alert_id))
    return AskResult(Ask.SENT, alert)


def confirm_address(email: str, *, requested_until: datetime) -> list[StockAlert]:
    """Confirm the address's pending alerts asked up to `requested_until`; those
    whose variant is back already are sent at once. Returns what it confirmed (none
    when the link was used before)."""
    from . import tasks

    with transaction.atomic():
        alerts = list(
            StockAlert.objects.select_for_update(of=("self",))
            .open()
            .filter(
                email=normalise_email(email),
                status=OptInStatus.PENDING,
                requested_at__lte=requested_until,
            )
            .select_related("variant__product", "variant__stock")
        )
        for alert in alerts:
            alert.confirm()
            alert.save(update_fields=["status", "confirmed_at", "history"])
        back = sorted({a.variant_id for a in alerts if not is_sold_out(a.variant)})
        for variant_id in back:
            transaction.on_commit(
                lambda variant_id=variant_id: tasks.notify_back_in_stock.enqueue(
                    variant_id
                )
            )
    return alerts


def cancel(alert: StockAlert) -> bool:
    """Close an open alert for good; False (no change) when it is not open."""
    with transaction.atomic():
        alert = StockAlert.objects.select_for_update().get(pk=alert.pk)
        if alert.status == OptInStatus.WITHDRAWN or alert.notified_at is not None:
            return False
        alert.withdraw("link in e-mail")
        alert.save(update_fields=["status", "withdrawn_at", "history"])
    return True


def claim_for_sending(alert_id: int) -> bool:
    """Mark a waiting alert as sent before sending; False if someone else did."""
    with transaction.atomic():
        alert = (
            StockAlert.objects.select_for_update().waiting().filter(pk=alert_id).first()
        )
        if alert is None:
            return False
        alert.notified_at = timezone.now()
        alert.record("sent")
        alert.save(update_fields=["notified_at", "history"])
    return True


def unclaim(alert_id: int) -> None:
    """The mail server refused: the alert waits again for the next attempt."""
    with transaction.atomic():
        alert = StockAlert.objects.select_for_update().get(pk=alert_id)
        alert.notified_at = None
        alert.record("sending failed")
        alert.save(update_fields=["notified_at", "history"])
