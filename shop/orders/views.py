"""The shopper's order page, opened only by the signed link we sent them."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .extensions import order_link_groups
from .fulfilment import latest_shipment
from .links import order_token_is_valid
from .models import Order, OrderStatus
from .status import PAID_STATUSES

# What a shopper sees of each status; staff notes stay in the admin.
SHOPPER_STATUS_TEXT = {
    OrderStatus.PENDING_PAYMENT: "Waiting for your payment.",
    OrderStatus.AWAITING_PAYMENT: "Your payment is on its way; we will confirm by "
    "email when it arrives.",
    OrderStatus.PAID: "Paid. We are getting your parcel ready.",
    OrderStatus.PAYMENT_FAILED: "The payment did not go through. Nothing was charged.",
    OrderStatus.EXPIRED: "The payment was not completed in time. Nothing was charged.",
    OrderStatus.NEEDS_ATTENTION: "We are looking into this order and will email you.",
    OrderStatus.PACKED: "Packed and about to leave.",
    OrderStatus.SHIPPED: "On its way to you.",
    OrderStatus.DELIVERED: "Delivered.",
    OrderStatus.CANCELLED: "Cancelled.",
    OrderStatus.REFUNDED: "Refunded in full.",
    OrderStatus.PARTIALLY_REFUNDED: "Partly refunded.",
}


@never_cache
@require_GET
def order_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """404 for an unknown reference and for a known one without its token alike,
    so references cannot be enumerated."""
    order = Order.objects.filter(reference=reference[:20]).first()
    if order is None or not order_token_is_valid(order, request.GET.get("token", "")):
        raise Http404("No such order")
    response = render(
        request,
        "shop/orders/order_detail.html",
        {
            "order": order,
            "lines": order.lines.all(),
            "status_text": SHOPPER_STATUS_TEXT.get(order.status, ""),
            "is_paid": order.status in PAID_STATUSES,
            "refunded": order.amount_refunded(),
            "link_groups": order_link_groups(order),
            # Once it has left, the shopper wants the carrier's link more than anything.
            "shipment": latest_shipment(order)
            if order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
            else None,
        },
    )
    # The token is in the URL: never leak it to other sites or search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
