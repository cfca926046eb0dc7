"""Cart services: every change to a cart, and the cart as shoppers see it.

The browser only ever says "this variant, this many". For adding, the catalogue's
`AddToCartForm` is the one place that parses and validates that (the variant exists
and is purchasable, the quantity is a whole number within the limits); `add_to_cart`
takes its cleaned variant and quantity and enforces only the rules that need the cart
itself, under the cart's lock. Every refusal raises CartError with a message for the
shopper and leaves the cart untouched. Prices and stock are read fresh every time a
cart is shown (`load_cart`); nothing in the request is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page, Site

from home.request_numbers import MAX_ID, parse_id, parse_int
from shop.catalogue.forms import AddToCartForm
from shop.catalogue.models import ProductPage, ProductVariant
from shop.discounts import services as discounts
from shop.discounts.exceptions import DiscountRefused
from shop.discounts.models import DiscountCode

from .exceptions import CartError
from .models import Cart, CartLine

SESSION_KEY = "cart_id"
EMPTY_CART_CODE = "Your cart is empty: add something before using a code."
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


def quantity_in_cart(cart: Cart | None, variant: ProductVariant) -> int:
    """Units of this variant the cart already holds."""
    if cart is None:
        return 0
    line = cart.lines.filter(variant=variant).first()
    return line.quantity if line else 0


# --- validating what the browser sent ----------------------------------------------


def parse_quantity(raw) -> int:
    """A whole number from 1 to SHOP_MAX_QUANTITY_PER_LINE, or CartError."""
    limit = settings.SHOP_MAX_QUANTITY_PER_LINE
    quantity = parse_int(
        raw if isinstance(raw, int) else str(raw or ""), min_value=-MAX_ID
    )
    if quantity is None:
        raise CartError(f"Please enter a whole number of items from 1 to {limit}.")
    if quantity < 1:
        raise CartError(
            f"Please enter a whole number of items from 1 to {limit}; "
            "to take something out, use Remove."
        )
    if quantity > limit:
        raise CartError(f"You can order at most {limit} of one item.")
    return quantity


def cleaned_add_request(variant_id, quantity) -> tuple[ProductVariant, int]:
    """A raw (variant id, quantity) pair cleaned by AddToCartForm, or CartError.

    For callers holding raw values rather than a bound form (the local payment
    provider, scripts, tests): they go through the same single parsing as a shopper's
    click. Stock is not checked for them, as before: they set up carts (a demo order,
    a checkout that must find a shortage), and checkout's reservation is the gate that
    never lets unavailable units be sold.
    """
    form = AddToCartForm(
        {"variant": variant_id, "quantity": quantity}, check_stock=False
    )
    if not form.is_valid():
        raise CartError(next(iter(form.errors.values()))[0])
    return form.cleaned_data["variant"], form.cleaned_data["quantity"]


def creditable_pages():
    """Pages that may be credited with a sale: live, and never a product page."""
    return Page.objects.live().not_type(ProductPage)


def posted_page(raw_page_id) -> Page | None:
    """The creditable page whose id the add-to-cart form posted, if any."""
    page_id = parse_id(str(raw_page_id or ""))
    if page_id is None:
        return None
    return creditable_pages().filter(pk=page_id).first()


def source_page_for(request: HttpRequest, raw_page_id=None) -> Page | None:
    """The content page a product was added from: the posted id, else the Referer.

    Only live pages of this site that are not product pages count; anything else is
    ignored (attribution is a nicety, never a reason to refuse an add-to-cart).
    """
    page = posted_page(raw_page_id)
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
    return creditable_pages().filter(url_path=url_path).first()


# --- changing the cart -------------------------------------------------------------


def _available_now(variant: ProductVariant) -> int:
    """Units a new shopper may buy, re-read now (the form's copy may be stale)."""
    try:
        variant.stock.refresh_from_db(fields=["on_hand", "reserved"])
    except ObjectDoesNotExist:
        return 0
    return variant.available


def _check_line(
    variant: ProductVariant, in_cart: int, quantity: int, *, check_stock: bool
) -> None:
    """The per-line maximum and availability, counting what the cart holds."""
    limit = settings.SHOP_MAX_QUANTITY_PER_LINE
    name = variant.display_name
    if in_cart + quantity > limit:
        raise CartError(
            f"You already have {in_cart} of {name} in your cart; "
            f"the most you can order is {limit}."
            if in_cart
            else f"You can buy up to {limit} of one item per order."
        )
    if not check_stock:
        return
    available = _available_now(variant)
    if available <= 0:
        raise CartError(f"{name} is out of stock.")
    if in_cart + quantity > available:
        already = f" and you already have {in_cart} in your cart" if in_cart else ""
        raise CartError(f"Only {available} of {name} left{already}.")


def add_to_cart(
    *,
    cart: Cart,
    quantity,
    variant: ProductVariant | None = None,
    variant_id=None,
    source_page: Page | None = None,
    first_guide: Page | None = None,
) -> CartLine:
    """Add `quantity` of `variant`; adds up with a line already there.

    `variant` and `quantity` are what AddToCartForm cleaned (a purchasable variant
    with its stock row, a whole number within the limits); they are not parsed again.
    Callers with raw input pass `variant_id` instead, which is cleaned by that same
    form (`cleaned_add_request`, without the stock checks). Checked here, under the
    cart's lock because they depend on what the cart holds: the per-line maximum,
    availability (form callers only), and the number of lines.
    """
    check_stock = variant is not None
    if variant is None:
        variant, quantity = cleaned_add_request(variant_id, quantity)
    with transaction.atomic():
        # Lock the cart: two adds to one cart (a double click, two tabs) are then
        # checked one after the other against what it really holds.
        Cart.objects.select_for_update().filter(pk=cart.pk).first()
        line = CartLine.objects.filter(cart=cart, variant=variant).first()
        _check_line(
            variant, line.quantity if line else 0, quantity, check_stock=check_stock
        )
        if line is not None:
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
                first_guide=first_guide,
            )
        cart.save(update_fields=["updated_at"])
    return line


def _line(cart: Cart, line_id) -> CartLine:
    pk = parse_id(line_id if isinstance(line_id, int) else str(line_id))
    line = cart.lines.filter(pk=pk).first() if pk is not None else None
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


def apply_code(*, cart: Cart, raw_code: str) -> discounts.AppliedDiscount:
    """Put the code the shopper typed on the cart, if it applies to what the cart
    holds now; otherwise DiscountRefused (saying why) and the cart is unchanged."""
    contents = load_cart(cart)
    if contents.is_empty:
        raise CartError(EMPTY_CART_CODE)
    code = discounts.find_code(raw_code)
    applied = discounts.evaluate(code, contents.items)
    cart.discount_code = code
    cart.save(update_fields=["discount_code", "updated_at"])
    return applied


def remove_code(*, cart: Cart) -> None:
    cart.discount_code = None
    cart.save(update_fields=["discount_code", "updated_at"])


def remove_ordered_lines(*, cart_id: int | None, variant_ids) -> None:
    """After payment: take what was bought, and the code it used, out of the cart
    it came from."""
    if cart_id:
        CartLine.objects.filter(cart_id=cart_id, variant_id__in=variant_ids).delete()
        Cart.objects.filter(pk=cart_id).update(discount_code=None)


def carry_cart_into_login(request: HttpRequest, user) -> list[str]:
    """When a visitor signs in, their cart goes with them: the cart in this session
    and the one the account kept from an earlier visit become one.

    Lines of the same variant add up, capped at SHOP_MAX_QUANTITY_PER_LINE; lines
    beyond SHOP_MAX_LINES_PER_CART stay out. Stock is not checked here (checkout's
    reservation is the gate). Returns a sentence for each line the limits changed.
    """
    session_cart = get_cart(request)
    earlier = Cart.objects.filter(user=user).order_by("-updated_at", "-pk")
    if session_cart is not None:
        earlier = earlier.exclude(pk=session_cart.pk)
    notes: list[str] = []
    with transaction.atomic():
        if session_cart is None:
            session_cart = earlier.first()
            if session_cart is None:
                return notes
            earlier = earlier.exclude(pk=session_cart.pk)
        locked = list(
            Cart.objects.select_for_update()
            .filter(pk__in=[session_cart.pk, *earlier.values_list("pk", flat=True)])
            .order_by("pk")
        )
        for other in locked:
            if other.pk != session_cart.pk:
                notes += _merge_lines(into=session_cart, other=other)
                # Emptied, and no longer the account's; delete_stale_carts takes it.
                other.user = None
                other.save(update_fields=["user", "updated_at"])
        session_cart.user = user
        session_cart.save(update_fields=["user", "updated_at"])
    request.session[SESSION_KEY] = session_cart.pk
    return notes


def _merge_lines(*, into: Cart, other: Cart) -> list[str]:
    limit = settings.SHOP_MAX_QUANTITY_PER_LINE
    notes = []
    lines = {line.variant_id: line for line in into.lines.filter(variant__isnull=False)}
    for line in other.lines.filter(variant__isnull=False).order_by("added_at", "pk"):
        mine = lines.get(line.variant_id)
        if mine is not None:
            wanted = mine.quantity + line.quantity
            mine.quantity = min(wanted, limit)
            mine.save(update_fields=["quantity", "updated_at"])
            line.delete()
            if wanted > limit:
                notes.append(
                    f"{mine.name_when_added}: your saved cart and this one held "
                    f"{wanted} together; the most you can order is {limit}."
                )
            continue
        if len(lines) >= settings.SHOP_MAX_LINES_PER_CART:
            notes.append(
                f"{line.name_when_added} from your saved cart was left out: a cart "
                f"holds at most {settings.SHOP_MAX_LINES_PER_CART} different items."
            )
            continue
        line.cart = into
        line.quantity = min(line.quantity, limit)
        line.save(update_fields=["cart", "quantity", "updated_at"])
        lines[line.variant_id] = line
    return notes


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
    # This line's share of the cart's discount code.
    discount: Decimal = Decimal("0.00")

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity

    @property
    def paid_total(self) -> Decimal:
        return self.line_total - self.discount

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
    # The code on the cart: what it takes off, or why it does not apply now.
    discount_code: DiscountCode | None = None
    discount: discounts.AppliedDiscount | None = None
    discount_refusal: DiscountRefused | None = None

    @property
    def subtotal(self) -> Decimal:
        return sum((item.line_total for item in self.items), Decimal("0.00"))

    @property
    def discount_problem(self) -> str:
        return self.discount_refusal.message if self.discount_refusal else ""

    @property
    def discount_total(self) -> Decimal:
        return self.discount.total if self.discount else Decimal("0.00")

    @property
    def goods_total(self) -> Decimal:
        """What the items cost after the discount: free delivery counts from this."""
        return self.subtotal - self.discount_total

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
        code = self.discount_code.code if self.discount_code else ""
        return [
            f"{item.variant.pk}:{item.quantity}:{item.unit_price}"
            for item in self.items
        ] + [f"discount:{code}:{self.discount_total}"]


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
    _judge_code(cart, contents)
    return contents


def _judge_code(cart: Cart, contents: CartContents) -> None:
    """The cart's code against the items as they are now (an empty cart: none)."""
    code = cart.discount_code
    if code is None or contents.is_empty:
        return
    contents.discount_code = code
    try:
        contents.discount = discounts.evaluate(code, contents.items)
    except DiscountRefused as refusal:
        contents.discount_refusal = refusal
        return
    for item in contents.items:
        item.discount = contents.discount.for_variant(item.variant.pk)
