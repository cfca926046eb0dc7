"""What happens when a shopper signs in or verifies an address."""

from allauth.account.signals import email_confirmed
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in

from shop.cart.services import carry_cart_into_login

from .ownership import attach_verified_guest_orders


def on_login(sender, request, user, **kwargs):
    """The cart follows the shopper; guest orders of verified addresses join."""
    if request is None or not hasattr(request, "session"):
        return
    for note in carry_cart_into_login(request, user):
        messages.warning(request, note)
    attach_verified_guest_orders(user)


def on_email_confirmed(sender, request, email_address, **kwargs):
    joined = attach_verified_guest_orders(email_address.user)
    if joined and request is not None:
        messages.success(
            request,
            f"{joined} earlier order{'s' if joined != 1 else ''} placed with "
            f"{email_address.email} {'are' if joined != 1 else 'is'} now in "
            "your account.",
        )


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="accounts.on_login")
    email_confirmed.connect(on_email_confirmed, dispatch_uid="accounts.on_confirmed")
