"""Saved addresses, and what an account brings to checkout."""

from __future__ import annotations

from django.db import transaction

from .forms import AddressForm
from .models import Address

# Checkout's address fields carry the same names as the saved address's.
CHECKOUT_FIELDS = [name for name in AddressForm.Meta.fields if name != "is_default"]


def save_address(*, user, form: AddressForm) -> Address:
    """Save a valid address form for `user`. The first address, or one marked
    so, becomes the one checkout fills in (and the only one)."""
    with transaction.atomic():
        address = form.save(commit=False)
        address.user = user
        others = Address.objects.select_for_update().filter(user=user)
        if address.pk:
            others = others.exclude(pk=address.pk)
        if not others.filter(is_default=True).exists():
            address.is_default = True
        if address.is_default:
            others.filter(is_default=True).update(is_default=False)
        address.save()
    return address


def make_default(*, user, address: Address) -> None:
    with transaction.atomic():
        Address.objects.select_for_update().filter(user=user, is_default=True).exclude(
            pk=address.pk
        ).update(is_default=False)
        address.is_default = True
        address.save(update_fields=["is_default"])


def delete_address(*, user, address: Address) -> None:
    """Delete it; if it was the default, the newest other address takes over."""
    with transaction.atomic():
        was_default = address.is_default
        address.delete()
        if was_default:
            successor = (
                Address.objects.filter(user=user).order_by("-created_at").first()
            )
            if successor is not None:
                successor.is_default = True
                successor.save(update_fields=["is_default"])


def checkout_initial(user) -> dict[str, str]:
    """What checkout fills in for a signed-in shopper: their e-mail address and
    the address they chose for checkout. Empty for guests."""
    if user is None or not user.is_authenticated:
        return {}
    initial = {"email": user.email} if user.email else {}
    address = Address.objects.filter(user=user, is_default=True).first()
    if address is not None:
        initial |= {name: getattr(address, name) for name in CHECKOUT_FIELDS}
    return initial
