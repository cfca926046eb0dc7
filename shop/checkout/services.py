"""Checkout services: turn a cart into an order with stock held, then open payment.

`place_order` is one transaction: it locks the cart, reads prices from the
database, writes the order and its line snapshots, and reserves every line through
the stock service. If any line is short the whole transaction rolls back: no order,
no reservation, and the shopper learns exactly which line is short and by how much.

`start_payment` then hands the order to the payment gateway for a Checkout Session.
If that fails, the reservation is released and the order kept as `payment_failed`; the
cart is left as it was.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from shop.cart.models import Cart
from shop.cart.services import CartContents, load_cart
from shop.cart.shipping import shipping_option, shipping_options
from shop.discounts import services as discounts
from shop.discounts.exceptions import DiscountRefused
from shop.discounts.pricing import unit_split
from shop.discounts.services import NOT_PLACED
from shop.orders import payment_records, stock
from shop.orders.cancellation import abandon_order
from shop.orders.models import (
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    StockState,
)
from shop.orders.payment_events import fail_payment_start
from shop.payments import gateway
from shop.payments.types import (
    LineItem,
    PaymentError,
    SessionRequest,
    to_minor_units,
)

from .exceptions import CartChanged, EmptyCart, OutOfStock, ShortLine

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
    # The version of the terms the shopper ticked; empty when the site has none.
    terms_version: str = ""


def cart_fingerprint(contents: CartContents, site_settings) -> str:
    """A digest of what the checkout page showed: lines, prices, the discount,
    shipping prices."""
    options = shipping_options(contents.goods_total, site_settings)
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
        abandon_order(order, note="Replaced by a newer checkout from the same cart.")


def place_order(
    *,
    cart: Cart,
    details: CheckoutDetails,
    site_settings,
    shown_fingerprint: str,
    user=None,
) -> Order:
    """Create the order and reserve its stock, all or nothing.

    Raises EmptyCart, CartChanged (what the page showed is no longer true),
    DiscountRefused (the cart's code does not apply, or its last use was taken
    meanwhile) or OutOfStock (with every short line). A repeated submit of the same
    cart and form returns the order the first one created.
    """
    with transaction.atomic():
        # One checkout at a time per cart: a double click waits for the first.
        cart = Cart.objects.select_for_update().get(pk=cart.pk)
        contents = load_cart(cart)
        _check_code_applies(contents)
        digest = _check_cart_is_as_shown(contents, site_settings, shown_fingerprint)
        fingerprint = _order_fingerprint(digest, details)
        existing = _repeated_submit(cart, fingerprint)
        if existing is not None:
            return existing
        order = _create_order(cart, contents, details, site_settings, fingerprint, user)
        _redeem_code(order, contents)
        _reserve_stock(order, contents, user)
        _record_placed(order)
    return order


def _check_code_applies(contents: CartContents) -> None:
    """A code on the cart that no longer applies stops the order, saying why."""
    refusal = contents.discount_refusal
    if refusal is not None:
        raise DiscountRefused(refusal.reason, f"{refusal.message} {NOT_PLACED}")


def _redeem_code(order: Order, contents: CartContents) -> None:
    """Count the code's use for this order, under the code's row lock."""
    if contents.discount is None:
        return
    discounts.redeem(
        code_id=contents.discount.code.pk,
        items=contents.items,
        email=order.email,
        order_reference=order.reference,
        currency=order.currency,
        shown_total=order.discount_total,
    )


def _check_cart_is_as_shown(
    contents: CartContents, site_settings, shown_fingerprint: str
) -> str:
    """The cart's digest, if it still matches what the checkout page showed."""
    if contents.is_empty:
        raise EmptyCart("Your cart is empty.")
    digest = cart_fingerprint(contents, site_settings)
    if contents.removed or not constant_time_compare(digest, shown_fingerprint):
        raise CartChanged(
            "Your cart changed since this page was shown (a price, an item or "
            "its availability). Please check the summary and place the order "
            "again."
        )
    return digest


def _repeated_submit(cart: Cart, fingerprint: str) -> Order | None:
    """The order an identical earlier submit created, while it has time left."""
    return (
        _pending_orders(cart)
        .filter(
            checkout_fingerprint=fingerprint,
            reservation_expires_at__gt=timezone.now() + REUSE_MIN_REMAINING,
        )
        .first()
    )


def _create_order(
    cart: Cart,
    contents: CartContents,
    details: CheckoutDetails,
    site_settings,
    fingerprint: str,
    user,
) -> Order:
    """The order and its line snapshots, priced from the database; each line keeps
    its share of the discount, so it records what was paid for it."""
    subtotal = contents.subtotal
    shipping = shipping_option(
        details.shipping_method, contents.goods_total, site_settings
    )
    expires = timezone.now() + timedelta(minutes=settings.SHOP_RESERVATION_MINUTES)
    order = Order.objects.create(
        **asdict(details),
        shipping_method_name=shipping.name,
        currency=settings.SHOP_CURRENCY,
        subtotal=subtotal,
        discount_code=contents.discount.code.code if contents.discount else "",
        discount_total=contents.discount_total,
        shipping_total=shipping.price,
        total=contents.goods_total + shipping.price,
        reservation_expires_at=expires + PAYMENT_SETUP_MARGIN,
        checkout_fingerprint=fingerprint,
        terms_accepted_at=timezone.now() if details.terms_version else None,
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
            discount=item.discount,
            source_page_id=item.line.source_page_id,
            first_guide_id=item.line.first_guide_id,
        )
        for item in contents.items
    )
    return order


def _reserve_stock(order: Order, contents: CartContents, user) -> None:
    """Hold every line's units; any short line rolls the whole order back."""
    try:
        stock.reserve(order, user=user)
    except stock.InsufficientStock as error:
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


def _record_placed(order: Order) -> None:
    code = (
        f" Discount code {order.discount_code}: −{order.discount_total} "
        f"{order.currency}."
        if order.discount_code
        else ""
    )
    OrderStatusChange.objects.create(
        order=order,
        from_status="",
        to_status=OrderStatus.PENDING_PAYMENT,
        note="Order placed; stock reserved until "
        f"{order.reservation_expires_at:%Y-%m-%d %H:%M %Z}.{code}",
    )


def cancel_token(order: Order) -> str:
    return signing.Signer(salt="shop.checkout.cancel").signature(order.reference)


def cancel_token_is_valid(order: Order, token: str) -> bool:
    return bool(token) and constant_time_compare(cancel_token(order), token)


def session_request(
    order: Order, *, success_url: str, cancel_url: str
) -> SessionRequest:
    """What the payment gateway needs, built only from the stored order.

    Prices come from the order lines (copied from the database at checkout), never
    from the request. The session lapses when the order's reservation does.
    """
    if order.reservation_expires_at is None:
        raise ValueError(f"Order {order.reference} holds no reservation to pay for.")
    return SessionRequest(
        order_reference=order.reference,
        currency=order.currency,
        customer_email=order.email,
        line_items=tuple(
            item for line in order.lines.all() for item in _line_items(order, line)
        ),
        shipping_name=order.shipping_method_name,
        shipping_amount=to_minor_units(order.shipping_total, order.currency),
        expires_at=order.reservation_expires_at,
        success_url=success_url,
        cancel_url=cancel_url,
    )


def _line_items(order: Order, line: OrderLine) -> list[LineItem]:
    """An order line as Stripe line items at the price paid for it.

    A discounted line is sent at its discounted unit price (`price_data`), so what
    Stripe charges is the order total to the cent. When the line's paid total does
    not divide evenly by its quantity, it goes as two items (some units a cent
    dearer), exactly as `pricing.unit_split` records what each unit cost.
    """
    if not line.discount:
        split = [(to_minor_units(line.unit_price, order.currency), line.quantity)]
    else:
        split = unit_split(
            to_minor_units(line.paid_total, order.currency), line.quantity
        )
    note = (
        f"Discount code {order.discount_code}: −{line.discount} {order.currency}"
        if line.discount
        else ""
    )
    return [
        LineItem(
            name=line.display_name,
            sku=line.sku,
            unit_amount=unit_amount,
            quantity=units,
            description=note,
        )
        for unit_amount, units in split
    ]


def start_payment(*, order: Order, success_url: str, cancel_url: str) -> str:
    """Open (or reopen) the order's Checkout Session and return where to send the
    shopper. On failure: release, `payment_failed`, and re-raise the PaymentError."""
    open_url = payment_records.open_checkout_url(order)
    if open_url:
        return open_url
    try:
        session = gateway.create_checkout_session(
            session_request(order, success_url=success_url, cancel_url=cancel_url)
        )
    except PaymentError as error:
        fail_payment_start(order, error=error)
        raise
    payment_records.record_opened_session(order, session)
    return session.url
