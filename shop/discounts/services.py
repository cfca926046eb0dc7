"""Discount codes at work: judge a code for a cart, and count its uses.

- `find_code` turns what a shopper typed into a code, or refuses it.
- `evaluate` judges a code against the items (and, at checkout, the e-mail address)
  and says what it takes off each line; every refusal says exactly why.
- `redeem` is called inside `place_order`'s transaction: it locks the code's row,
  judges it again against what is committed (so two shoppers racing for the last use
  are served one after the other), writes the `DiscountUse` and counts it.
- `release` gives the use back when the order lapses unpaid (expired, failed,
  abandoned, cancelled); `confirm` marks it used when the order is paid.

Every change to `times_used` and `DiscountUse` happens here, under the code's row
lock, and writes an audit-log entry on the code (Wagtail's log, shown in the code's
history in the admin).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.log_actions import log

from shop.catalogue.models import ProductVariant
from shop.catalogue.templatetags.catalogue_tags import format_money

from .exceptions import DiscountRefused
from .models import (
    CODE_MAX_LENGTH,
    DiscountCode,
    DiscountKind,
    DiscountUse,
    UseState,
    normalise_code,
)
from .pricing import LineDiscounts, PricedLine, discount_for

CENT = Decimal("0.01")
# How a refusal at checkout ends: the order was not placed.
NOT_PLACED = (
    "Nothing was reserved or charged: remove the code in your cart to order without it."
)
NAMES_SHOWN = 4


class Item(Protocol):
    """A line to discount: a cart item or anything shaped like one."""

    @property
    def variant(self) -> ProductVariant: ...

    @property
    def unit_price(self) -> Decimal: ...

    @property
    def quantity(self) -> int: ...


def cents(amount: Decimal) -> int:
    """A stored amount (two decimals) as whole hundredths."""
    return int((Decimal(amount) * 100).quantize(Decimal(1)))


def from_cents(amount: int) -> Decimal:
    return (Decimal(amount) / 100).quantize(CENT)


@dataclass(frozen=True)
class AppliedDiscount:
    """A code that applies: the total it takes off, and the share of each line
    (by variant id), in the shop's currency."""

    code: DiscountCode
    total: Decimal
    per_variant: dict[int, Decimal] = field(default_factory=dict)

    def for_variant(self, variant_id: int) -> Decimal:
        return self.per_variant.get(variant_id, Decimal("0.00"))


# --- finding and judging a code -----------------------------------------------------


def find_code(raw: str) -> DiscountCode:
    """The code the shopper typed (any case), or DiscountRefused."""
    text = normalise_code(raw)
    if not text:
        raise DiscountRefused("empty", "Please enter a discount code.")
    if len(text) > CODE_MAX_LENGTH or not all(c.isalnum() or c == "-" for c in text):
        raise DiscountRefused(
            "malformed",
            "That is not a discount code: codes are up to 30 letters, digits and "
            "hyphens.",
        )
    code = DiscountCode.objects.filter(code=text).first()
    if code is None:
        raise DiscountRefused(
            "unknown", f"There is no discount code “{text}”. Please check the spelling."
        )
    return code


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y, H:i")


def _check_code_itself(code: DiscountCode, now: datetime) -> None:
    """The rules that do not depend on the cart: switch, window, usage limit."""
    name = f"The code {code.code}"
    if not code.is_active:
        raise DiscountRefused("inactive", f"{name} is not active at the moment.")
    if code.starts_at and now < code.starts_at:
        raise DiscountRefused(
            "not_started", f"{name} is valid from {_when(code.starts_at)}."
        )
    if code.ends_at and now >= code.ends_at:
        raise DiscountRefused("expired", f"{name} expired on {_when(code.ends_at)}.")
    if code.usage_limit is not None and code.times_used >= code.usage_limit:
        raise DiscountRefused(
            "used_up",
            f"{name} has been used as many times as it may be ({code.usage_limit}).",
        )


def _eligibility(code: DiscountCode) -> tuple[set[int], list[str], list[str]]:
    """Product ids and category paths the code is limited to (both empty: the whole
    shop), and their names for the message."""
    products = list(code.products.values_list("pk", "title"))
    categories = list(code.categories.values_list("path", "title"))
    names = [title for _path, title in categories] + [title for _pk, title in products]
    return {pk for pk, _title in products}, [path for path, _t in categories], names


def _covers(product_ids: set[int], paths: list[str], variant: ProductVariant) -> bool:
    if not product_ids and not paths:
        return True
    product = variant.product
    return product.pk in product_ids or any(product.path.startswith(p) for p in paths)


def _applies_to(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def evaluate(
    code: DiscountCode,
    items: Sequence[Item],
    *,
    email: str = "",
    now: datetime | None = None,
) -> AppliedDiscount:
    """What `code` takes off `items`, or DiscountRefused saying exactly why.

    The minimum order is checked against all items before any discount; a code
    limited to categories or products discounts only those lines. With `email`
    (at checkout) a once-per-address code is checked too.
    """
    now = now or timezone.now()
    _check_code_itself(code, now)
    name = f"The code {code.code}"
    subtotal = sum((item.unit_price * item.quantity for item in items), Decimal(0))
    if code.minimum_order is not None and subtotal < code.minimum_order:
        raise DiscountRefused(
            "minimum",
            f"{name} needs items worth at least {format_money(code.minimum_order)}; "
            f"yours come to {format_money(subtotal)}.",
        )
    product_ids, paths, names = _eligibility(code)
    lines = [
        PricedLine(
            key=item.variant.pk,
            unit_amount=cents(item.unit_price),
            quantity=item.quantity,
            eligible=_covers(product_ids, paths, item.variant),
        )
        for item in items
    ]
    if not any(line.eligible for line in lines):
        raise DiscountRefused(
            "not_applicable",
            f"{name} applies only to {_applies_to(names)}, and nothing in your cart "
            "is among them.",
        )
    if email and code.once_per_email and _used_by(code, email):
        raise DiscountRefused(
            "used_by_email",
            f"{name} can be used once per e-mail address, and {email.strip()} has "
            "used it already.",
        )
    return _applied(code, _line_discounts(code, lines))


def _line_discounts(code: DiscountCode, lines: list[PricedLine]) -> LineDiscounts:
    if code.kind == DiscountKind.PERCENTAGE:
        return discount_for(lines, percent=code.value)
    return discount_for(lines, amount=cents(code.value))


def _applied(code: DiscountCode, discounts: LineDiscounts) -> AppliedDiscount:
    return AppliedDiscount(
        code=code,
        total=from_cents(discounts.total),
        per_variant={
            key: from_cents(share) for key, share in discounts.per_line.items()
        },
    )


def _used_by(code: DiscountCode, email: str) -> bool:
    return (
        DiscountUse.objects.filter(code=code, email=email.strip().lower())
        .exclude(state=UseState.RELEASED)
        .exists()
    )


# --- counting uses ------------------------------------------------------------------


def redeem(
    *,
    code_id: int,
    items: Sequence[Item],
    email: str,
    order_reference: str,
    currency: str,
    shown_total: Decimal,
) -> AppliedDiscount:
    """Count one use of the code for a new order, under the code's row lock.

    Must run inside the transaction that creates the order: if anything later rolls
    it back, the use goes with it. Raises DiscountRefused (nothing written) when the
    code no longer applies, was used up meanwhile, or would now take off something
    other than `shown_total`.
    """
    with transaction.atomic():
        code = DiscountCode.objects.select_for_update().filter(pk=code_id).first()
        if code is None:
            raise DiscountRefused(
                "unknown", "The discount code in your cart no longer exists."
            )
        if code.usage_limit is not None and code.times_used >= code.usage_limit:
            raise DiscountRefused(
                "used_up",
                f"The code {code.code} has just been used up by another order. "
                + NOT_PLACED,
            )
        applied = evaluate(code, items, email=email)
        if applied.total != shown_total:
            raise DiscountRefused(
                "changed",
                f"The code {code.code} changed since this page was shown; it now "
                f"takes off {format_money(applied.total)}. Please check the total "
                "and place the order again.",
            )
        DiscountUse.objects.create(
            code=code,
            order_reference=order_reference,
            email=email.strip().lower(),
            amount=applied.total,
            currency=currency,
        )
        DiscountCode.objects.filter(pk=code.pk).update(times_used=F("times_used") + 1)
        _log(code, "discounts.held", order_reference, applied.total)
    return applied


def release(*, order_reference: str, note: str) -> bool:
    """The order lapsed unpaid: its use no longer counts. True if one was released."""
    return _move(order_reference, UseState.RELEASED, note=note, change=-1)


def confirm(*, order_reference: str) -> bool:
    """The order was paid: its use is final. A use released earlier (the money came
    after the reservation lapsed) counts again, even past the limit: the shopper
    paid the discounted price. True if anything changed."""
    return _move(order_reference, UseState.USED, note="", change=0)


def _move(order_reference: str, to_state: str, *, note: str, change: int) -> bool:
    with transaction.atomic():
        code_id = (
            DiscountUse.objects.filter(order_reference=order_reference)
            .values_list("code_id", flat=True)
            .first()
        )
        if code_id is None:
            return False
        # The code first, then the use: the same order as `redeem`.
        code = DiscountCode.objects.select_for_update().get(pk=code_id)
        use = DiscountUse.objects.select_for_update().get(
            order_reference=order_reference
        )
        if use.state == to_state or (
            to_state == UseState.RELEASED and use.state != UseState.HELD
        ):
            return False
        if use.state == UseState.RELEASED:
            change = 1
            note = "Counted again: the order was paid after it had lapsed."
        use.state = to_state
        use.note = note[:255]
        use.save(update_fields=["state", "note", "updated_at"])
        if change:
            DiscountCode.objects.filter(pk=code.pk).update(
                times_used=F("times_used") + change
            )
        _log(code, f"discounts.{to_state}", order_reference, use.amount, note)
    return True


def _log(
    code: DiscountCode, action: str, reference: str, amount: Decimal, note: str = ""
) -> None:
    log(
        instance=code,
        action=action,
        data={"order": reference, "amount": str(amount), "note": note},
    )
