"""Signed links of back-in-stock alerts, each kind with its own salt.

A confirmation link confirms the address: every alert it asked for up to an hour
after the link was made (the throttle sends no second link in that hour, so the
first one must cover them). A cancel link closes one alert and never expires.
"""

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from home.double_opt_in import CONFIRMATION_MAIL_INTERVAL, LinkInvalid, SignedLink

from .models import StockAlert

CONFIRM = SignedLink("alerts.confirm", max_age=timedelta(days=3))
CANCEL = SignedLink("alerts.cancel", max_age=None)


def confirm_path(email: str) -> str:
    token = CONFIRM.make({"email": email, "issued": timezone.now().isoformat()})
    return reverse("alerts:confirm", args=[token])


def read_confirmation(token: str) -> tuple[str, datetime]:
    """The address and the latest request time this link confirms."""
    payload = CONFIRM.read(token)
    try:
        issued = datetime.fromisoformat(payload["issued"])
        email = str(payload["email"])
    except (KeyError, TypeError, ValueError) as error:
        raise LinkInvalid from error
    return email, issued + CONFIRMATION_MAIL_INTERVAL


def cancel_path(alert: StockAlert) -> str:
    token = CANCEL.make({"id": alert.pk, "email": alert.email})
    return reverse("alerts:cancel", args=[token])


def alert_for_cancel(token: str) -> StockAlert:
    payload = CANCEL.read(token)
    alert = (
        StockAlert.objects.select_related("variant__product")
        .filter(pk=payload.get("id"), email=payload.get("email"))
        .first()
    )
    if alert is None:
        raise LinkInvalid
    return alert
