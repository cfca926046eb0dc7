"""Emails to shoppers about their orders, in HTML and plain text.

Called after the transaction that changed the order has committed. Each email is
claimed with a conditional update first, so two processes finishing the same order
at the same moment send it once.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from wagtail.models import Site

from home.models import SiteSettings

from .extensions import order_link_groups
from .links import absolute_url, order_path
from .models import Order
from .status import CONFIRMABLE_STATUSES

logger = logging.getLogger(__name__)


def _context(order: Order) -> dict:
    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    return {
        "order": order,
        "lines": list(order.lines.all()),
        "order_url": absolute_url(order_path(order)),
        "site_url": absolute_url("/"),
        "contact_email": site_settings.contact_email
        if site_settings
        else settings.DEFAULT_FROM_EMAIL,
    }


def _send(
    order: Order, *, subject: str, template: str, extra: dict | None = None
) -> None:
    context = _context(order) | (extra or {})
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
        reply_to=[context["contact_email"]],
    )
    message.attach_alternative(
        render_to_string(f"email/{template}.html", context), "text/html"
    )
    message.send()


def send_order_confirmation(order_id: int) -> bool:
    """The "thank you, here is your order" email; sent at most once per order.

    Only for an order we will send (`CONFIRMABLE_STATUSES`, no refund owed): the
    state is part of the claim, so an order refunded or flagged by the time a job,
    retry or webhook gets here is never confirmed.
    """
    claimed = Order.objects.filter(
        pk=order_id,
        confirmation_sent_at__isnull=True,
        status__in=CONFIRMABLE_STATUSES,
        refund_due=False,
    ).update(confirmation_sent_at=timezone.now())
    if not claimed:
        return False
    order = Order.objects.get(pk=order_id)
    try:
        _send(
            order,
            subject=f"Your Unknot order {order.reference}",
            template="order_confirmation",
            # Next steps other apps offer (reviews), through orders' extension point.
            extra={"link_groups": order_link_groups(order)},
        )
    except Exception:
        # Unclaim so a later run (reconcile) may try again; the order stays paid.
        Order.objects.filter(pk=order_id).update(confirmation_sent_at=None)
        logger.exception("Could not send the confirmation for %s", order.reference)
        return False
    return True


def send_refund_apology(order_id: int) -> bool:
    """We took the money but had nothing to send: say sorry and that it is refunded.
    False when the mail server refused it (the task tries again)."""
    order = Order.objects.get(pk=order_id)
    try:
        _send(
            order,
            subject=f"Sorry: we could not fulfil order {order.reference}",
            template="order_refunded_apology",
        )
    except Exception:
        logger.exception("Could not send the apology for %s", order.reference)
        return False
    return True
