"""The shipping e-mail staff trigger by marking an order shipped."""

from .emails import _send
from .models import Order


def send_shipping_email(order_id: int, shipment) -> None:
    """Tell the shopper the parcel is on its way, with the carrier's tracking link.

    Called after the status change is committed; an e-mail failure is logged by the
    backend and never undoes the shipment.
    """
    order = Order.objects.get(pk=order_id)
    _send(
        order,
        subject=f"Your Unknot order {order.reference} is on its way",
        template="order_shipped",
        extra={"shipment": shipment},
    )
