"""Alert e-mails, sent by background tasks once the change committed (never in
the staff member's request when a worker runs the queue)."""

import logging

from django_tasks import task

from home.double_opt_in import OptInStatus, absolute_url, send_list_mail

from . import services
from .links import cancel_path, confirm_path
from .models import StockAlert

logger = logging.getLogger(__name__)


class SendingFailed(Exception):
    """Some alerts could not be sent; they wait again and the task shows failed."""


def _product_url(alert: StockAlert) -> str:
    product = alert.variant.product
    path = product.url or "/shop/"
    return absolute_url(f"{path}?variant={alert.variant_id}")


@task()
def send_confirmation(alert_id: int) -> bool:
    alert = (
        StockAlert.objects.open()
        .select_related("variant__product")
        .filter(pk=alert_id, status=OptInStatus.PENDING)
        .first()
    )
    if alert is None:
        return False
    send_list_mail(
        to=alert.email,
        subject="Please confirm your back-in-stock alert",
        template="shop/alerts/email/confirm",
        context={
            "alert": alert,
            "confirm_url": absolute_url(confirm_path(alert.email)),
        },
        unsubscribe_path=cancel_path(alert),
    )
    return True


@task()
def notify_back_in_stock(variant_id: int) -> int:
    """One e-mail to each confirmed shopper waiting for this variant; returns how
    many went out."""
    waiting = list(
        StockAlert.objects.waiting()
        .filter(variant_id=variant_id)
        .values_list("pk", flat=True)
    )
    sent, failed = 0, 0
    for alert_id in waiting:
        if not services.claim_for_sending(alert_id):
            continue
        alert = StockAlert.objects.select_related("variant__product").get(pk=alert_id)
        try:
            send_list_mail(
                to=alert.email,
                subject=f"Back in stock: {alert.variant.product.title}",
                template="shop/alerts/email/back_in_stock",
                context={"alert": alert, "product_url": _product_url(alert)},
                unsubscribe_path=cancel_path(alert),
            )
        except Exception:
            logger.exception("Could not send back-in-stock alert %s", alert_id)
            services.unclaim(alert_id)
            failed += 1
            continue
        sent += 1
    if failed:
        raise SendingFailed(f"{failed} alert(s) for variant {variant_id} not sent")
    return sent
