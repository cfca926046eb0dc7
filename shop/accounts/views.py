""" "Your account": orders, saved addresses, deleting the account.

Every page here is the shopper's own, so none is ever cached (`never_cache`:
`private, no-store`). Sign-up, log-in, password and e-mail pages are allauth's,
under the same /account/ prefix.
"""

from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from home.request_numbers import parse_id, parse_int
from shop.orders.fulfilment import latest_shipment
from shop.orders.models import Order, OrderStatus
from shop.orders.views import shopper_order_context

from . import ownership, services
from .forms import AddressForm, DeleteAccountForm
from .models import Address

ORDERS_PER_PAGE = 10
SENT = (OrderStatus.SHIPPED, OrderStatus.DELIVERED)


def account_page(view):
    """Signed-in shoppers only, never cached."""
    return never_cache(login_required(view))


@account_page
@require_http_methods(["GET"])
def overview(request: HttpRequest) -> HttpResponse:
    orders = Order.objects.filter(user=request.user).prefetch_related("lines")
    page = Paginator(orders, ORDERS_PER_PAGE).get_page(
        parse_int(request.GET.get("page", ""), min_value=1) or 1
    )
    rows = [
        (order, latest_shipment(order) if order.status in SENT else None)
        for order in page
    ]
    unverified = EmailAddress.objects.filter(
        user=request.user, email__iexact=request.user.email, verified=False
    ).exists()
    return render(
        request,
        "shop/accounts/overview.html",
        {
            "page_obj": page,
            "rows": rows,
            "unverified": unverified,
            "default_address": Address.objects.filter(
                user=request.user, is_default=True
            ).first(),
        },
    )


@account_page
@require_http_methods(["GET"])
def order_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """An order of this account; someone else's answers 404 like a missing one."""
    order = Order.objects.filter(user=request.user, reference=reference[:20]).first()
    if order is None:
        raise Http404("No such order in your account")
    return render(
        request, "shop/accounts/order_detail.html", shopper_order_context(order)
    )


@account_page
@require_http_methods(["GET"])
def addresses(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "shop/accounts/addresses.html",
        {"addresses": Address.objects.filter(user=request.user)},
    )


def _own_address(request: HttpRequest, address_id: str) -> Address:
    pk = parse_id(address_id)
    if pk is None:
        raise Http404("No such address")
    return get_object_or_404(Address, pk=pk, user=request.user)


@account_page
@require_http_methods(["GET", "POST"])
def address_form(request: HttpRequest, address_id: str | None = None) -> HttpResponse:
    address = _own_address(request, address_id) if address_id else None
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        services.save_address(user=request.user, form=form)
        messages.success(request, "Address saved.")
        return redirect("accounts:addresses")
    return render(
        request,
        "shop/accounts/address_form.html",
        {"form": form, "address": address},
        status=400 if form.errors else 200,
    )


ADDRESS_ACTIONS = {
    "default": (services.make_default, "Checkout now fills in this address."),
    "delete": (services.delete_address, "Address deleted."),
}


@account_page
@require_POST
def address_action(request: HttpRequest, address_id: str, action: str) -> HttpResponse:
    """Use an address at checkout, or delete it."""
    if action not in ADDRESS_ACTIONS:
        raise Http404("No such action")
    change, done = ADDRESS_ACTIONS[action]
    change(user=request.user, address=_own_address(request, address_id))
    messages.success(request, done)
    return redirect("accounts:addresses")


@account_page
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        kept = ownership.delete_account(user)
        kept_text = (
            f" Your {kept} order{'s are' if kept != 1 else ' is'} kept for our "
            "accounts, no longer linked to you."
            if kept
            else ""
        )
        messages.success(request, f"Your account has been deleted.{kept_text}")
        return redirect("/")
    return render(
        request,
        "shop/accounts/delete.html",
        {"form": form, "order_count": Order.objects.filter(user=request.user).count()},
        status=400 if form.errors else 200,
    )
