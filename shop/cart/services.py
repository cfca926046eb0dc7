"""Cart services: every change to a cart, and the cart as shoppers see it.

The browser only ever says "this variant, this many". Each function validates that
against the catalogue and the shop limits and either applies it or raises CartError
with a message for the shopper, leaving the cart untouched. Prices and stock are read
fresh every time a cart is shown (`load_cart`); nothing in the request is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, Site

from shop.catalogue.models import ProductVariant

from .exceptions import CartError
from .models import Cart, CartLine

SESSION_KEY = "cart_id"
STALE_CART_BATCH = 500


# --- finding the visitor's cart ----------------------------------------------------


def get_cart(request: HttpRequest) -> Cart | None:
    """The visitor's cart, or None when they have never added anything."""
    cart_id = request.session.get(SESSION_KEY)
    if not cart_id:
        return None
    return Cart.objects.filter(pk=cart_id).first()


def get_or_create_cart(request: HttpRequest) -> Cart:
    cart = get_cart(request)
    if cart is None:
        cart = Cart.objects.create(
            user=request.user if request.user.is_authenticated else None
        )
        request.session[SESSION_KEY] = cart.pk
    return cart


def count_items(request: HttpRequest) -> int:
    """Number of items (sum of quantities) in the visitor's cart, for the header."""
    cart_id = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    if not cart_id:
        return 0
    total = CartLine.objects.filter(cart_id=cart_id, variant__isnull=False).aggregate(
        total=Sum("quantity")
    )["total"]
    return total or 0


def quantity_in_cart(cart: Cart | None, raw_variant_id) -> int:
    """Units of this variant the cart already holds (0 for anything unparseable)."""
    text = str(raw_variant_id or "").strip()
    if cart is None or not text.isdigit() or len(text) > 18:
        return 0
    line = cart.lines.filter(variant_id=int(text)).first()
    return line.quantity if line else 0


# --- validating what the browser sent ----------------------------------------------


def parse_quantity(raw) -> int:
    """A whole number from 1 to SHOP_MAX_QUANTITY_PER_LINE, or CartError."""
    limit = settings.SHOP_MAX_QUANTITY_PER_LINE
    text = str(raw if raw is not None else "").strip()
    if not text.isdigit() or len(text) > 6:
        raise CartError(f"Please enter a whole number of items from 1 to {limit}.")
    quantity = int(text)
    if quantity < 1:
        raise CartError(
            f"Please enter a whole number of items from 1 to {limit}; "
            "to take something out, use Remove."
        )
    if quantity > limit:
        raise CartError(f"You can order at most {limit} of one item.")
    return quantity


def _purchasable_variant(raw_variant_id) -> ProductVariant:
    text = str(raw_variant_id if raw_variant_id is not None else "").strip()
    variant = None
    if text.isdigit() and len(text) < 19:
        variant = (
            ProductVariant.objects.purchasable()
            .select_related("product", "stock")
            .filter(pk=int(text))
            .first()
        )
    if variant is None:
        raise CartError("Sorry, that product is not available.")
    return variant


def source_page_for(request: HttpRequest, raw_page_id=None) -> Page | None:
    """The live page a product was added from: the posted id, else the Referer.

    Only live pages of this site count; anything else is ignored (attribution is a
    nicety, never a reason to refuse an add-to-cart).
    """
    text = str(raw_page_id or "").strip()
    if text.isdigit() and len(text) < 19:
        page = Page.objects.live().filter(pk=int(text)).first()
        if page is not None:
            return page
    referer = request.headers.get("referer", "")
    if not referer:
        return None
    parts = urlsplit(referer)
    if parts.netloc and parts.netloc != request.get_host():
        return None
    site = Site.find_for_request(request)
    if site is None or not parts.path.startswith("/"):
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    url_path = site.root_page.url_path + path.lstrip("/")
    return Page.objects.live().filter(url_path=url_path).first()


# --- changing the cart -------------------------------------------------------------


def add_to_cart(
    *, cart: Cart, variant_id, quantity, source_page: Page | None = None
) -> CartLine:
    """Add `quantity` of a purchasable variant; adds up with a line already there."""
    variant = _purchasable_variant(variant_id)
    quantity = parse_quantity(quantity)
    limit = settings.SHOP_MAX_QUANTITY_PER_LINE
    with transaction.atomic():
        Cart.objects.select_for_update().filter(pk=cart.pk).first()
        line = CartLine.objects.filter(cart=cart, variant=variant).first()
        if line is not None:
            if line.quantity + quantity > limit:
                raise CartError(
                    f"You already have {line.quantity} of {variant.display_name} in "
                    f"your cart; the most you can order is {limit}."
                )
            line.quantity += quantity
            line.save(update_fields=["quantity", "updated_at"])
        else:
            if cart.lines.count() >= settings.SHOP_MAX_LINES_PER_CART:
                raise CartError(
                    "Your cart is full: it can hold "
                    f"{settings.SHOP_MAX_LINES_PER_CART} different items."
                )
            line = CartLine.objects.create(
                cart=cart,
                variant=variant,
                quantity=quantity,
                price_when_added=variant.price,
                name_when_added=variant.display_name,
                source_page=source_page,
            )
        cart.save(update_fields=["updated_at"])
    return line


def _line(cart: Cart, line_id) -> CartLine:
    text = str(line_id)
    line = (
        cart.lines.filter(pk=int(text)).first()
        if text.isdigit() and len(text) < 19
        else None
    )
    if line is None:
        raise CartError("That item is no longer in your cart.")
    return line


def set_quantity(*, cart: Cart, line_id, quantity) -> CartLine:
    line = _line(cart, line_id)
    line.quantity = parse_quantity(quantity)
    line.save(update_fields=["quantity", "updated_at"])
    return line


def remove_line(*, cart: Cart, line_id) -> str:
    """Remove a line; returns the name of what was removed, for the message."""
    line = _line(cart, line_id)
    name = line.name_when_added
    line.delete()
    return name


def empty_cart(*, cart: Cart) -> None:
    cart.lines.all().delete()


def remove_ordered_lines(*, cart_id: int | None, variant_ids) -> None:
    """After payment: take what was bought out of the cart it came from."""
    if cart_id:
        CartLine.objects.filter(cart_id=cart_id, variant_id__in=variant_ids).delete()


def delete_stale_carts(*, idle_for: timedelta, dry_run: bool = False) -> int:
    """Delete carts nobody has touched for `idle_for`, with their lines.

    A cart is only reachable through the session that holds its id, and sessions
    last SESSION_COOKIE_AGE, so a cart idle for longer can never be opened again.
    Carts hold no stock (orders reserve it), and orders keep their own copy of
    every line, so deleting one loses nothing a shopper or staff member can see.
    Returns how many carts were (or, with `dry_run`, would be) deleted.
    """
    cutoff = timezone.now() - idle_for
    stale = (
        Cart.objects.annotate(last_line_change=Max("lines__updated_at"))
        .filter(updated_at__lt=cutoff)
        .filter(Q(last_line_change__isnull=True) | Q(last_line_change__lt=cutoff))
    )
    if dry_run:
        return stale.count()
    ids = list(stale.values_list("pk", flat=True))
    deleted = 0
    # In batches, so no statement outgrows SQLite's limit on query parameters.
    # Lines go with their cart (CASCADE); orders keep their own copy (SET_NULL).
    for start in range(0, len(ids), STALE_CART_BATCH):
        batch = ids[start : start + STALE_CART_BATCH]
        _, per_model = Cart.objects.filter(pk__in=batch, updated_at__lt=cutoff).delete()
        deleted += per_model.get(Cart._meta.label, 0)
    return deleted


# --- the cart as shown -------------------------------------------------------------


@dataclass
class CartItem:
    line: CartLine
    variant: ProductVariant
    unit_price: Decimal
    quantity: int
    available: int

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def name(self) -> str:
        return self.variant.display_name

    @property
    def price_changed(self) -> bool:
        return self.unit_price != self.line.price_when_added

    @property
    def price_went_down(self) -> bool:
        return self.unit_price < self.line.price_when_added

    @property
    def short_by(self) -> int:
        return max(self.quantity - self.available, 0)


@dataclass
class CartContents:
    """A cart with today's prices and stock, ready for the cart and checkout pages."""

    items: list[CartItem] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def subtotal(self) -> Decimal:
        return sum((item.line_total for item in self.items), Decimal("0.00"))

    @property
    def item_count(self) -> int:
        return sum(item.quantity for item in self.items)

    @property
    def is_empty(self) -> bool:
        return not self.items

    @property
    def has_price_changes(self) -> bool:
        return any(item.price_changed for item in self.items)

    @property
    def has_stock_problems(self) -> bool:
        return any(item.short_by for item in self.items)

    def fingerprint_parts(self) -> list[str]:
        return [
            f"{item.variant.pk}:{item.quantity}:{item.unit_price}"
            for item in self.items
        ]


def load_cart(cart: Cart | None) -> CartContents:
    """Read the cart against the catalogue as it is now.

    Lines whose variant was deleted or deactivated, or whose product page is no longer
    live, are removed; their names come back in `removed` so the page can say so.
    """
    contents = CartContents()
    if cart is None:
        return contents
    lines = cart.lines.select_related("variant__product", "variant__stock").order_by(
        "added_at", "pk"
    )
    gone = []
    for line in lines:
        variant = line.variant
        if variant is None or not variant.is_active or not variant.product.live:
            gone.append(line)
            continue
        stock = getattr(variant, "stock", None)
        contents.items.append(
            CartItem(
                line=line,
                variant=variant,
                unit_price=variant.price,
                quantity=line.quantity,
                available=stock.available if stock else 0,
            )
        )
    if gone:
        CartLine.objects.filter(pk__in=[line.pk for line in gone]).delete()
        contents.removed = [line.name_when_added for line in gone]
    return contents
