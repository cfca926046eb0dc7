"""The shopper's order page, opened by the signed link we sent them (and from
"Your account", shop/accounts, for orders that belong to the account), and the
form that sends fresh links when one has expired."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .extensions import order_link_groups
from .fulfilment import latest_shipment
from .link_requests import OrderLinkRequestForm, request_order_links, too_many_requests
from .links import LinkState, order_link_state
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


def shopper_order_context(order: Order) -> dict:
    """What the shopper's order page shows (also in "Your account")."""
    return {
        "order": order,
        "lines": order.lines.all(),
        "status_text": SHOPPER_STATUS_TEXT.get(order.status, ""),
        "is_paid": order.status in PAID_STATUSES,
        "refunded": order.amount_refunded(),
        # Links other apps add, such as "review what you bought".
        "link_groups": order_link_groups(order),
        # Once it has left, the shopper wants the carrier's link more than anything.
        "shipment": latest_shipment(order)
        if order.status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED)
        else None,
    }


@never_cache
@require_GET
def order_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """404 for an unknown reference and for a known one without its token alike,
    so references cannot be enumerated. A link we sent that has expired offers to
    send a fresh one (it says nothing of the order)."""
    order = Order.objects.filter(reference=reference[:20]).first()
    state = order_link_state(order, request.GET.get("token", "")) if order else None
    if state is LinkState.EXPIRED:
        return _private(
            _link_request_page(request, OrderLinkRequestForm(), 410), has_form=True
        )
    if state is not LinkState.VALID:
        raise Http404("No such order")
    response = render(
        request, "shop/orders/order_detail.html", shopper_order_context(order)
    )
    return _private(response)


def _private(response: HttpResponse, *, has_form: bool = False) -> HttpResponse:
    # The token is in the URL: never leak it to other sites or search engines. A
    # page with a form says "same-origin" instead: under "no-referrer" browsers post
    # with `Origin: null`, which Django's CSRF check refuses.
    response["Referrer-Policy"] = "same-origin" if has_form else "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _link_request_page(request, form, status=200, *, sent=False) -> HttpResponse:
    return render(
        request,
        "shop/orders/link_request.html",
        {
            "form": form,
            "sent": sent,
            "expired": status == 410,
            "too_many": status == 429,
            "link_days": settings.SHOP_ORDER_LINK_DAYS,
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def request_links(request: HttpRequest) -> HttpResponse:
    """Ask for fresh order links by e-mail address. Every valid address gets the
    same answer; too many requests get a 429 and send nothing."""
    if request.method == "GET":
        return _private(
            _link_request_page(request, OrderLinkRequestForm()), has_form=True
        )
    form = OrderLinkRequestForm(request.POST)
    if not form.is_valid():
        return _private(_link_request_page(request, form, 400), has_form=True)
    if too_many_requests(request):
        response = _link_request_page(request, form, 429)
        response["Retry-After"] = "3600"
        return _private(response, has_form=True)
    request_order_links(form.cleaned_data["email"])
    return _private(_link_request_page(request, OrderLinkRequestForm(), sent=True))
