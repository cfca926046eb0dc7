"""Checkout services: turn a cart into an order with stock held, then open payment.

`place_order` is one transaction: it locks the cart, reads prices from the
database, writes the order and its line snapshots, and reserves every line through
the stock service. If any line is short the whole transaction rolls back: no order,
no reservation, and the shopper learns exactly which line is short and by how much.

`start_payment` then asks payments.py for a Checkout Session. If that fails, the
reservation is released and the order kept as `payment_failed`; the cart is left as
it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from shop.cart.models import Cart
from shop.cart.services import CartContents, load_cart
from shop.inventory import services as stock
from shop.inventory.exceptions import InsufficientStock
from shop.orders import fulfilment
from shop.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    Payment,
    PaymentStatus,
    StockState,
)

from . import payments
from .exceptions import CartChanged, EmptyCart, OutOfStock, ShortLine
from .shipping import shipping_option, shipping_options

# Stripe wants expires_at at least 30 minutes after the session is created; the
# reservation starts a moment earlier, so it runs this much longer.
PAYMENT_SETUP_MARGIN = timedelta(minutes=2)
# A pending order is reused for a repeated submit only if this much time is left.
REUSE_MIN_REMAINING = timedelta(minutes=10)


@dataclass(frozen=True)
class CheckoutDetails:
    """What the shopper typed on the checkout form (already validated)."""

    email: str
    full_name: str
    address_line1: str
    postcode: str
    city: str
    country: str
    shipping_method: str
    address_line2: str = ""
    phone: str = ""


def cart_fingerprint(contents: CartContents, site_settings) -> str:
    """A digest of what the checkout page showed: lines, prices, shipping prices."""
    options = shipping_options(contents.subtotal, site_settings)
    parts = contents.fingerprint_parts() + [f"{o.code}:{o.price}" for o in options]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _order_fingerprint(cart_digest: str, details: CheckoutDetails) -> str:
    fields = "|".join(f"{k}={v}" for k, v in sorted(asdict(details).items()))
    return hashlib.sha256(f"{cart_digest}|{fields}".encode()).hexdigest()


def _pending_orders(cart: Cart):
    return Order.objects.filter(
        cart=cart,
        status=OrderStatus.PENDING_PAYMENT,
        stock_state=StockState.RESERVED,
    )


def supersede_other_checkouts(
    *, cart: Cart, details: CheckoutDetails, site_settings
) -> None:
    """Cancel this cart's earlier unpaid orders that differ from the new attempt.

    A shopper who comes back from the payment page with the browser's Back button and
    changes their address must not leave a second payable session and a second
    reservation behind.
    """
    digest = _order_fingerprint(
        cart_fingerprint(load_cart(cart), site_settings), details
    )
    for order in _pending_orders(cart).exclude(checkout_fingerprint=digest):
        fulfilment.abandon_order(
            order, note="Replaced by a newer checkout from the same cart."
        )


def place_order(
    *,
    cart: Cart,
    details: CheckoutDetails,
    site_settings,
    shown_fingerprint: str,
    user=None,
) -> Order:
    """Create the order and reserve its stock, all or nothing.

    Raises EmptyCart, CartChanged (what the page showed is no longer true) or
    OutOfStock (with every short line). A repeated submit of the same cart and form
    returns the order the first one created.
    """
    with transaction.atomic():
        # One checkout at a time per cart: a double click waits for the first.
        cart = Cart.objects.select_for_update().get(pk=cart.pk)
        contents = load_cart(cart)
        if contents.is_empty:
            raise EmptyCart("Your cart is empty.")
        digest = cart_fingerprint(contents, site_settings)
        if contents.removed or not constant_time_compare(digest, shown_fingerprint):
            raise CartChanged(
                "Your cart changed since this page was shown (a price, an item or "
                "its availability). Please check the summary and place the order "
                "again."
            )
        fingerprint = _order_fingerprint(digest, details)
        now = timezone.now()
        existing = (
            _pending_orders(cart)
            .filter(
                checkout_fingerprint=fingerprint,
                reservation_expires_at__gt=now + REUSE_MIN_REMAINING,
            )
            .first()
        )
        if existing is not None:
            return existing

        subtotal = contents.subtotal
        shipping = shipping_option(details.shipping_method, subtotal, site_settings)
        expires = now + timedelta(minutes=settings.SHOP_RESERVATION_MINUTES)
        order = Order.objects.create(
            **asdict(details),
            shipping_method_name=shipping.name,
            currency=settings.SHOP_CURRENCY,
            subtotal=subtotal,
            shipping_total=shipping.price,
            total=subtotal + shipping.price,
            reservation_expires_at=expires + PAYMENT_SETUP_MARGIN,
            checkout_fingerprint=fingerprint,
            cart=cart,
            user=user if getattr(user, "is_authenticated", False) else None,
        )
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                variant=item.variant,
                sku=item.variant.sku,
                product_name=item.variant.product.title,
                variant_name=item.variant.name,
                unit_price=item.unit_price,
                quantity=item.quantity,
                line_total=item.line_total,
                source_page_id=item.line.source_page_id,
            )
            for item in contents.items
        )
        try:
            stock.reserve(
                lines=contents.stock_lines(), reference=order.reference, user=user
            )
        except InsufficientStock as error:
            by_variant = {item.variant.pk: item for item in contents.items}
            raise OutOfStock(
                [
                    ShortLine(
                        name=by_variant[short.variant_id].name,
                        sku=short.sku,
                        requested=short.requested,
                        available=short.available,
                    )
                    for short in error.shortages
                ]
            ) from error
        order.stock_state = StockState.RESERVED
        order.save(update_fields=["stock_state", "updated_at"])
        OrderStatusChange.objects.create(
            order=order,
            from_status="",
            to_status=OrderStatus.PENDING_PAYMENT,
            note="Order placed; stock reserved until "
            f"{order.reservation_expires_at:%Y-%m-%d %H:%M %Z}.",
        )
    return order


def cancel_token(order: Order) -> str:
    return signing.Signer(salt="shop.checkout.cancel").signature(order.reference)


def cancel_token_is_valid(order: Order, token: str) -> bool:
    return bool(token) and constant_time_compare(cancel_token(order), token)


def start_payment(*, order: Order, success_url: str, cancel_url: str) -> str:
    """Open (or reopen) the order's Checkout Session and return where to send the
    shopper. On failure: release, `payment_failed`, and re-raise the PaymentError."""
    open_payment = (
        order.payments.filter(status=PaymentStatus.OPEN)
        .exclude(checkout_url="")
        .first()
    )
    if open_payment is not None:
        return open_payment.checkout_url
    try:
        session = payments.create_checkout_session(
            order, success_url=success_url, cancel_url=cancel_url
        )
    except payments.PaymentError as error:
        fulfilment.fail_payment_start(order, error=error)
        raise
    try:
        with transaction.atomic():
            Payment.objects.get_or_create(
                stripe_session_id=session.id,
                defaults={
                    "order": order,
                    "provider": payments.provider_name_for(session.id),
                    "checkout_url": session.url,
                    "amount": order.total,
                    "currency": order.currency,
                    "status": PaymentStatus.OPEN,
                },
            )
    except IntegrityError:
        pass  # a concurrent double click recorded the same session first
    return session.url
