"""Whose order is it: the one owner of `Order.user` after checkout.

Checkout gives an order to the signed-in shopper who places it. A guest order joins
an account only when one of the account's e-mail addresses is *verified* and is the
address the order was placed with (as Saleor does), never from what was typed at
checkout alone: anyone can type anyone's address. Deleting an account keeps its
orders (the books must keep them for years) but detaches them from the person.
Every change writes an `OrderOwnershipChange` row.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q

from shop.orders.models import Order

from .models import OrderOwnershipChange


def verified_addresses(user) -> list[str]:
    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    )


def attach_verified_guest_orders(user) -> int:
    """Give `user` the guest orders placed with one of their verified addresses.

    Safe to call again (on every log-in and every verification): orders that
    already belong to someone are never moved. Returns how many joined.
    """
    addresses = verified_addresses(user)
    if not addresses or not user.is_active:
        return 0
    same_address = Q()
    for address in addresses:
        same_address |= Q(email__iexact=address)
    with transaction.atomic():
        orders = list(
            Order.objects.select_for_update()
            .filter(same_address, user__isnull=True)
            .order_by("pk")
        )
        for order in orders:
            _set_owner(order, user, account_id=user.pk)
    return len(orders)


def delete_account(user) -> int:
    """Delete the shopper's account and what it saved (addresses, e-mail
    addresses); its orders stay, without an owner. Returns how many were kept."""
    with transaction.atomic():
        orders = list(
            Order.objects.select_for_update().filter(user=user).order_by("pk")
        )
        for order in orders:
            _set_owner(order, None, account_id=user.pk)
        user.delete()
    return len(orders)


def _set_owner(order: Order, owner, *, account_id: int) -> None:
    """Give the (locked) order to `owner`, or to nobody, and record why."""
    order.user = owner
    order.save(update_fields=["user", "updated_at"])
    if owner is None:
        action = OrderOwnershipChange.Action.DETACHED
        reason = "The shopper deleted their account; the order is kept for the books."
    else:
        action = OrderOwnershipChange.Action.ATTACHED
        reason = f"The account verified {order.email}."
    OrderOwnershipChange.objects.create(
        order=order, action=action, account_id=account_id, reason=reason
    )
