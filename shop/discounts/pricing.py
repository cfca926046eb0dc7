"""What a code takes off, in integer minor units: the one place discounts are computed.

Everything here is arithmetic on integers (cents), so a discount is split across
lines without losing or inventing a cent, and what the order records, what Stripe
charges and what a refund gives back add up exactly:

- `discount_for` decides the total (a percentage of the eligible lines, rounded half
  up, or a fixed amount capped at what those lines cost) and spreads it over the
  eligible lines in proportion to their totals (largest remainder first);
- `unit_split` says what each unit of a discounted line cost: a line of 3 paying
  2,698 cents is 2 units at 899 and 1 at 900, which is how it is sent to Stripe;
- `paid_for_units` is what some of those units cost (the dearer ones are counted
  first), which is what a refund of those units gives back.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class PricedLine:
    """One cart or order line: its key (a variant id), price per unit in minor
    units, quantity, and whether the code covers it."""

    key: int
    unit_amount: int
    quantity: int
    eligible: bool = True

    @property
    def total(self) -> int:
        return self.unit_amount * self.quantity


@dataclass(frozen=True)
class LineDiscounts:
    """The discount in minor units: its total, and how much of it each line takes."""

    total: int
    per_line: dict[int, int]

    def for_line(self, key: int) -> int:
        return self.per_line.get(key, 0)


def percentage_of(amount: int, percent: Decimal) -> int:
    """`percent` % of `amount` minor units, rounded half up to a whole unit."""
    exact = Decimal(amount) * Decimal(percent) / HUNDRED
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def discount_for(
    lines: list[PricedLine], *, percent: Decimal | None = None, amount: int = 0
) -> LineDiscounts:
    """The discount on `lines`: `percent` off the eligible ones, or `amount` off
    them (never more than they cost), spread over them in proportion."""
    eligible = [line for line in lines if line.eligible and line.total > 0]
    base = sum(line.total for line in eligible)
    if percent is not None:
        total = percentage_of(base, percent)
    else:
        total = min(max(amount, 0), base)
    if total <= 0 or base <= 0:
        return LineDiscounts(total=0, per_line={})
    return LineDiscounts(total=total, per_line=_spread(total, eligible, base))


def _spread(total: int, lines: list[PricedLine], base: int) -> dict[int, int]:
    """`total` over `lines` in proportion to their totals (largest remainder)."""
    shares = {line.key: total * line.total // base for line in lines}
    remainders = sorted(
        lines, key=lambda line: (-(total * line.total % base), -line.total, line.key)
    )
    left = total - sum(shares.values())
    for line in remainders[:left]:
        shares[line.key] += 1
    return {key: share for key, share in shares.items() if share}


def unit_split(paid_total: int, quantity: int) -> list[tuple[int, int]]:
    """`[(unit_amount, units), …]` whose units cost `paid_total` together, as even
    as whole minor units allow: the dearer units first."""
    if quantity <= 0:
        return []
    base, dearer = divmod(paid_total, quantity)
    split = [(base + 1, dearer), (base, quantity - dearer)]
    return [(unit, count) for unit, count in split if count]


def paid_for_units(paid_total: int, quantity: int, *, already: int, units: int) -> int:
    """What `units` more units of a line cost, after `already` were counted.

    Units are taken in `unit_split` order, so refunding every unit one at a time
    gives back exactly `paid_total`.
    """
    base, dearer = divmod(paid_total, quantity)
    start, end = max(already, 0), min(already + units, quantity)
    if end <= start:
        return 0
    dear_units = max(0, min(end, dearer) - start)
    return (end - start) * base + dear_units
