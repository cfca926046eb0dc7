"""Emails to shoppers about their orders, in HTML and plain text.

Called after the transaction that changed the order has committed. Each email is
claimed with a conditional update first, so two processes finishing the same order
at the same moment send it once.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from home.models import PolicyPage, SiteSettings

from .extensions import order_link_groups
from .link_requests import MAX_ORDERS_PER_EMAIL
from .links import absolute_url, order_path
from .models import Order
from .status import CONFIRMABLE_STATUSES

logger = logging.getLogger(__name__)


# The policy pages every e-mail links to, in this order, while they are live.
EMAIL_POLICY_KINDS = ("returns", "terms", "privacy", "imprint")


def policy_links() -> list[dict]:
    """Title and absolute URL of each live policy page e-mails link to; built like
    the order link, from the site's public address."""
    live = PolicyPage.live_by_kind()
    links = []
    for kind in EMAIL_POLICY_KINDS:
        page = live.get(kind)
        parts = page.get_url_parts() if page is not None else None
        if parts is not None:
            url = absolute_url(parts[2])
            links.append({"kind": kind, "title": page.title, "url": url})
    return links


def _context(order: Order) -> dict:
    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else None
    return {
        "order": order,
        "lines": list(order.lines.all()),
        "order_url": absolute_url(order_path(order)),
        "site_url": absolute_url("/"),
        "link_days": settings.SHOP_ORDER_LINK_DAYS,
        "new_link_url": absolute_url(reverse("orders:request_links")),
        "policies": policy_links(),
        "contact_email": site_settings.contact_email
        if site_settings
        else settings.DEFAULT_FROM_EMAIL,
    }


def _mail(*, to: str, subject: str, template: str, context: dict) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[context["contact_email"]],
    )
    message.attach_alternative(
        render_to_string(f"email/{template}.html", context), "text/html"
    )
    message.send()


def _send(
    order: Order, *, subject: str, template: str, extra: dict | None = None
) -> None:
    context = _context(order) | (extra or {})
    _mail(to=order.email, subject=subject, template=template, context=context)


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


def send_order_links(email: str) -> bool:
    """Fresh links to the newest orders placed with `email`; nothing when it has none
    (the shopper was told the same either way)."""
    orders = list(
        Order.objects.filter(email__iexact=email.strip()).order_by("-created_at")[
            :MAX_ORDERS_PER_EMAIL
        ]
    )
    if not orders:
        return False
    context = _context(orders[0]) | {
        "orders": [(order, absolute_url(order_path(order))) for order in orders]
    }
    _mail(
        to=orders[0].email,
        subject="Your Unknot orders: fresh links",
        template="order_links",
        context=context,
    )
    return True
