"""The shipping e-mail staff trigger by marking an order shipped."""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from .models import Order


def send_shipping_email(order_id: int, shipment) -> None:
    """Tell the shopper the parcel is on its way, with the carrier's tracking link.

    Called after the status change is committed; an e-mail failure is logged by the
    backend and never undoes the shipment.
    """
    order = Order.objects.prefetch_related("lines").get(pk=order_id)
    context = {"order": order, "shipment": shipment}
    message = EmailMultiAlternatives(
        subject=f"Your Unknot order {order.reference} is on its way",
        body=render_to_string("shop/orders/admin/email_shipped.txt", context),
        to=[order.email],
    )
    message.attach_alternative(
        render_to_string("shop/orders/admin/email_shipped.html", context), "text/html"
    )
    message.send()
