"""Checkout pages, the payment return pages, the local test payment page, the webhook.

Views parse, call a service and render. Nothing a browser posts decides a price:
the summary and the order come from the database.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.models import SiteSettings
from shop.accounts.services import checkout_initial
from shop.cart.services import get_cart, load_cart
from shop.cart.shipping import free_shipping_remaining
from shop.cart.views import announce_removed
from shop.discounts.exceptions import DiscountRefused
from shop.orders.cancellation import abandon_order
from shop.orders.links import order_path
from shop.orders.models import Order, Payment
from shop.orders.payment_events import fulfil_checkout_session
from shop.orders.status import PAID_STATUSES, UNPAID_STATUSES
from shop.payments import gateway as payments
from shop.payments import local_backend
from shop.payments.models import LocalCheckoutSession
from shop.payments.types import PaymentError, WebhookVerificationError, from_minor_units

from . import local_provider, return_pages, services
from .exceptions import CartChanged, EmptyCart, OutOfStock
from .forms import CheckoutForm
from .webhooks import handle_webhook

logger = logging.getLogger(__name__)


def _payment_urls(request: HttpRequest, order: Order) -> tuple[str, str]:
    success = request.build_absolute_uri(reverse("checkout:success"))
    cancel = request.build_absolute_uri(
        reverse("checkout:cancel", args=[order.reference])
    )
    return (
        f"{success}?session_id={{CHECKOUT_SESSION_ID}}",
        f"{cancel}?token={services.cancel_token(order)}",
    )


@never_cache
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    cart = get_cart(request)
    contents = load_cart(cart)
    announce_removed(request, contents)
    if contents.is_empty:
        if not contents.removed:
            messages.info(
                request, "Your cart is empty: add something before checking out."
            )
        return redirect("cart:detail")
    site_settings = SiteSettings.for_request(request)
    # A signed-in shopper's e-mail and saved address are filled in (guests: none).
    prefill = checkout_initial(request.user)
    form = CheckoutForm(
        request.POST or None,
        subtotal=contents.goods_total,
        site_settings=site_settings,
        initial=prefill,
    )
    problem = ""
    short_lines = []
    if request.method == "POST" and form.is_valid():
        details = form.details()
        try:
            services.supersede_other_checkouts(
                cart=cart, details=details, site_settings=site_settings
            )
            order = services.place_order(
                cart=cart,
                details=details,
                site_settings=site_settings,
                shown_fingerprint=request.POST.get("cart_fingerprint", ""),
                user=request.user,
            )
        except EmptyCart:
            return redirect("cart:detail")
        except CartChanged as error:
            problem = str(error)
            contents = load_cart(cart)
        except DiscountRefused as refusal:
            problem = refusal.message
            contents = load_cart(cart)
        except OutOfStock as error:
            short_lines = error.lines
            contents = load_cart(cart)
        else:
            return_pages.remember_checkout(request, order)
            success_url, cancel_url = _payment_urls(request, order)
            try:
                target = services.start_payment(
                    order=order, success_url=success_url, cancel_url=cancel_url
                )
            except PaymentError:
                return render(
                    request,
                    "shop/checkout/payment_unavailable.html",
                    {"order": order},
                    status=503,
                )
            return redirect(target)
    return render(
        request,
        "shop/checkout/checkout.html",
        {
            "form": form,
            "contents": contents,
            "shipping_options": form.shipping_options,
            "option_totals": [
                (option, contents.goods_total + option.price)
                for option in form.shipping_options
            ],
            "reservation_minutes": settings.SHOP_RESERVATION_MINUTES,
            "fingerprint": services.cart_fingerprint(contents, site_settings),
            "free_shipping_remaining": free_shipping_remaining(
                contents.goods_total, site_settings
            ),
            "problem": problem,
            "short_lines": short_lines,
            "test_provider": payments.provider_name() == payments.TEST,
            "prefilled_address": "address_line1" in prefill,
        },
        status=409 if (problem or short_lines) else 200,
    )


@never_cache
@require_GET
def success(request: HttpRequest) -> HttpResponse:
    """Where Stripe sends the shopper back. Shows the order as it stands.

    It never marks anything paid itself. Whenever no money has been recorded yet
    (also for an order that lapsed or failed meanwhile) it asks the payment provider
    about the session and, if paid, runs the same fulfilment the webhook runs (which
    applies it once, whoever comes first). Order details are shown only to the
    browser session that started this checkout.
    """
    session_id = request.GET.get("session_id", "")[:255]
    payment = (
        Payment.objects.select_related("order")
        .filter(stripe_session_id=session_id)
        .first()
        if session_id
        else None
    )
    if payment is None:
        raise Http404("Unknown payment session")
    order = payment.order
    if order.paid_at is None and order.status not in PAID_STATUSES:
        try:
            session = payments.retrieve_checkout_session(session_id)
        except PaymentError:
            session = None
        if session is not None and session.status == "complete":
            fulfil_checkout_session(session, via="success page")
            order.refresh_from_db()
    if not return_pages.started_here(request, order):
        return render(request, "shop/checkout/success_elsewhere.html")
    return render(
        request,
        "shop/checkout/success.html",
        {
            "order": order,
            "lines": order.lines.all(),
            "order_url": order_path(order),
            "state": return_pages.success_state(order),
        },
    )


@never_cache
@require_GET
def cancel(request: HttpRequest, reference: str) -> HttpResponse:
    """The shopper left the payment page: free the stock, back to the cart."""
    order = Order.objects.filter(reference=reference).first()
    if order is None or not services.cancel_token_is_valid(
        order, request.GET.get("token", "")
    ):
        raise Http404("Unknown order")
    if order.status in UNPAID_STATUSES:
        abandon_order(order, note="The shopper cancelled on the payment page.")
        order.refresh_from_db()
    if order.status in PAID_STATUSES:
        messages.info(request, "This order has already been paid.")
        return redirect(order_path(order))
    messages.info(
        request,
        "Payment cancelled. Nothing was charged, and your cart is just as you left it.",
    )
    return redirect("cart:detail")


@never_cache
@require_http_methods(["GET", "POST"])
def test_payment(request: HttpRequest, session_id: str) -> HttpResponse:
    """The local test provider's payment page (development only, DEBUG on)."""
    if not payments.local_provider_enabled():
        raise Http404("The local test payment provider is not enabled.")
    session = get_object_or_404(LocalCheckoutSession, pk=session_id)
    order = get_object_or_404(Order, reference=session.order_reference)
    state = local_backend.retrieve_session(session.pk)
    declined = False
    if request.method == "POST" and state.status == "open":
        action = request.POST.get("action")
        if action == "pay":
            local_provider.pay(session.pk)
            target = session.params["success_url"].replace(
                "{CHECKOUT_SESSION_ID}", session.pk
            )
            return redirect(target)
        if action == "abandon":
            local_provider.abandon(session.pk)
            messages.info(
                request,
                "The test payment session expired. Nothing was charged; your items "
                "went back on the shelf.",
            )
            return redirect("cart:detail")
        declined = action == "decline"
        state = local_backend.retrieve_session(session.pk)
    return render(
        request,
        "shop/checkout/test_payment.html",
        {
            "session": state,
            "order": order,
            "lines": order.lines.all(),
            "amount": from_minor_units(state.amount_total or 0, state.currency),
            "cancel_url": session.params["cancel_url"],
            "declined": declined,
        },
        status=402 if declined else 200,
    )


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's events. Verified by signature (hence no CSRF token); 400 if forged."""
    try:
        outcome = handle_webhook(
            request.body, request.headers.get("stripe-signature", "")
        )
    except WebhookVerificationError as error:
        logger.warning("Refused a webhook: %s", error)
        return HttpResponseBadRequest("Invalid signature.")
    return JsonResponse({"received": True, "outcome": outcome})
