"""The one place that changes stock.

Every function here runs in a transaction, locks the StockLevel rows it touches with
`select_for_update` in ascending primary-key order (so two checkouts touching the same
SKUs in different orders cannot deadlock), refuses to take stock below zero, and writes
one StockMovement row per changed SKU. Nothing else assigns `on_hand` or `reserved`.

Quantities are given as `{variant_id: quantity}` mappings so that a whole order is one
all-or-nothing call.
"""

from collections.abc import Mapping

from django.db import transaction

from .exceptions import InsufficientStock, InvalidStockChange, Shortage
from .models import MovementReason, StockLevel, StockMovement, variant_model
from .signals import back_in_stock, stock_changed, stock_levels_changed

StockLines = Mapping[int, int]

MANUAL_ADJUSTMENT_REASONS = frozenset(
    {MovementReason.CORRECTION, MovementReason.DAMAGED, MovementReason.RETURNED}
)


def _validated(lines: StockLines) -> dict[int, int]:
    if not lines:
        raise InvalidStockChange("No stock lines given.")
    cleaned: dict[int, int] = {}
    for variant_id, quantity in lines.items():
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
            raise InvalidStockChange(
                f"Quantity must be a positive whole number (got {quantity!r})."
            )
        cleaned[int(variant_id)] = quantity
    return cleaned


def _lock_levels(variant_ids) -> dict[int, StockLevel]:
    """Lock the stock rows of these variants in pk order; create rows never stocked."""
    ids = sorted(set(variant_ids))
    known = set(variant_model().objects.filter(pk__in=ids).values_list("pk", flat=True))
    unknown = set(ids) - known
    if unknown:
        raise InvalidStockChange(f"Unknown product variant(s): {sorted(unknown)}.")
    existing = set(
        StockLevel.objects.filter(variant_id__in=ids).values_list(
            "variant_id", flat=True
        )
    )
    for variant_id in known - existing:
        StockLevel.objects.get_or_create(variant_id=variant_id)
    levels = (
        StockLevel.objects.select_for_update(of=("self",))
        .select_related("variant")
        .filter(variant_id__in=ids)
        .order_by("pk")
    )
    return {level.variant_id: level for level in levels}


def _record(
    level: StockLevel,
    *,
    reason: str,
    delta_on_hand: int = 0,
    delta_reserved: int = 0,
    reference: str = "",
    note: str = "",
    user=None,
) -> StockMovement:
    available_before = level.available
    level.on_hand += delta_on_hand
    level.reserved += delta_reserved
    level.save(update_fields=["on_hand", "reserved", "updated_at"])
    stock_changed.send(
        StockLevel,
        level=level,
        available_before=available_before,
        threshold_before=level.low_stock_threshold,
    )
    if available_before <= 0 < level.available:
        _announce_back_in_stock(level.variant_id)
    return StockMovement.objects.create(
        stock=level,
        reason=reason,
        delta_on_hand=delta_on_hand,
        delta_reserved=delta_reserved,
        on_hand_after=level.on_hand,
        reserved_after=level.reserved,
        reference=reference[:100],
        note=note[:255],
        user=user if getattr(user, "is_authenticated", False) else None,
    )


def _announce_changes(movements: list[StockMovement]) -> list[StockMovement]:
    """Tell listeners, still inside the transaction, which SKUs this call changed."""
    if movements:
        variant_ids = sorted({movement.stock.variant_id for movement in movements})
        stock_levels_changed.send(StockLevel, variant_ids=variant_ids)
    return movements


def _announce_back_in_stock(variant_id: int) -> None:
    transaction.on_commit(
        lambda: back_in_stock.send(StockLevel, variant_id=variant_id), robust=True
    )


def _shortage(level: StockLevel, requested: int, available: int) -> Shortage:
    return Shortage(
        variant_id=level.variant_id,
        sku=level.variant.sku,
        requested=requested,
        available=max(available, 0),
    )


def reserve(*, lines: StockLines, reference: str, user=None) -> list[StockMovement]:
    """Promise units to a checkout. All lines or none: raises InsufficientStock
    naming every short SKU and what is available."""
    wanted = _validated(lines)
    with transaction.atomic():
        levels = _lock_levels(wanted)
        shortages = [
            _shortage(levels[vid], qty, levels[vid].available)
            for vid, qty in sorted(wanted.items())
            if levels[vid].available < qty
        ]
        if shortages:
            raise InsufficientStock(shortages)
        return _announce_changes(
            [
                _record(
                    levels[vid],
                    reason=MovementReason.RESERVED,
                    delta_reserved=qty,
                    reference=reference,
                    user=user,
                )
                for vid, qty in sorted(wanted.items())
            ]
        )


def release(*, lines: StockLines, reference: str, user=None) -> list[StockMovement]:
    """Give reserved units back to the shelf (checkout abandoned, expired, failed)."""
    wanted = _validated(lines)
    with transaction.atomic():
        levels = _lock_levels(wanted)
        for vid, qty in wanted.items():
            if levels[vid].reserved < qty:
                raise InvalidStockChange(
                    f"{levels[vid].variant.sku}: cannot release {qty}, "
                    f"only {levels[vid].reserved} reserved."
                )
        return _announce_changes(
            [
                _record(
                    levels[vid],
                    reason=MovementReason.RELEASED,
                    delta_reserved=-qty,
                    reference=reference,
                    user=user,
                )
                for vid, qty in sorted(wanted.items())
            ]
        )


def commit_sale(*, lines: StockLines, reference: str, user=None) -> list[StockMovement]:
    """Turn reserved units into sold ones: they leave both `reserved` and `on_hand`."""
    wanted = _validated(lines)
    with transaction.atomic():
        levels = _lock_levels(wanted)
        for vid, qty in wanted.items():
            if levels[vid].reserved < qty:
                raise InvalidStockChange(
                    f"{levels[vid].variant.sku}: cannot sell {qty} reserved units, "
                    f"only {levels[vid].reserved} reserved."
                )
        return _announce_changes(
            [
                _record(
                    levels[vid],
                    reason=MovementReason.SOLD,
                    delta_on_hand=-qty,
                    delta_reserved=-qty,
                    reference=reference,
                    user=user,
                )
                for vid, qty in sorted(wanted.items())
            ]
        )


def _add_to_shelf(
    lines: StockLines, *, reason: str, reference: str, user, note: str
) -> list[StockMovement]:
    wanted = _validated(lines)
    with transaction.atomic():
        levels = _lock_levels(wanted)
        return _announce_changes(
            [
                _record(
                    levels[vid],
                    reason=reason,
                    delta_on_hand=qty,
                    reference=reference,
                    note=note,
                    user=user,
                )
                for vid, qty in sorted(wanted.items())
            ]
        )


def receive(
    *, lines: StockLines, reference: str, user=None, note: str = ""
) -> list[StockMovement]:
    """Book a delivery from a supplier: on-hand goes up for every line."""
    return _add_to_shelf(
        lines, reason=MovementReason.RECEIVED, reference=reference, user=user, note=note
    )


def restock(
    *, lines: StockLines, reference: str, user=None, note: str = ""
) -> list[StockMovement]:
    """Put returned or cancelled-after-sale units back on the shelf."""
    return _add_to_shelf(
        lines, reason=MovementReason.RETURNED, reference=reference, user=user, note=note
    )


def adjust_stock(
    *,
    variant_id: int,
    delta: int,
    reason: str,
    user=None,
    reference: str = "",
    note: str = "",
) -> StockMovement:
    """A manual change of on-hand units by staff (correction, damaged, returned).

    Refuses to take on-hand below what is reserved: units promised to a paying
    shopper cannot be written off silently.
    """
    if reason not in MANUAL_ADJUSTMENT_REASONS:
        raise InvalidStockChange(f"'{reason}' is not a manual adjustment reason.")
    if isinstance(delta, bool) or not isinstance(delta, int) or delta == 0:
        raise InvalidStockChange("An adjustment needs a non-zero whole number.")
    with transaction.atomic():
        level = _lock_levels([variant_id])[variant_id]
        if level.available + delta < 0:
            raise InsufficientStock([_shortage(level, -delta, level.available)])
        movement = _record(
            level,
            reason=reason,
            delta_on_hand=delta,
            reference=reference,
            note=note,
            user=user,
        )
        _announce_changes([movement])
        return movement


def set_counted_stock(
    *, counts: StockLines, reference: str, user=None, note: str = ""
) -> list[StockMovement]:
    """Apply a stock-take: set on-hand to the counted figures, all or nothing.

    Writes a `correction` row for each SKU whose count differs; unchanged SKUs write
    nothing. A count below what is reserved is refused for the whole batch.
    """
    if not counts:
        raise InvalidStockChange("No counts given.")
    for quantity in counts.values():
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            raise InvalidStockChange(
                f"A count must be a whole number of zero or more (got {quantity!r})."
            )
    with transaction.atomic():
        levels = _lock_levels(counts)
        shortages = [
            _shortage(levels[vid], levels[vid].reserved, counted)
            for vid, counted in sorted(counts.items())
            if counted < levels[vid].reserved
        ]
        if shortages:
            raise InsufficientStock(shortages)
        return _announce_changes(
            [
                _record(
                    levels[vid],
                    reason=MovementReason.CORRECTION,
                    delta_on_hand=counted - levels[vid].on_hand,
                    reference=reference,
                    note=note,
                    user=user,
                )
                for vid, counted in sorted(counts.items())
                if counted != levels[vid].on_hand
            ]
        )


def set_low_stock_threshold(
    *, variant_id: int, threshold: int | None, reason: str, user=None
) -> StockLevel:
    """Change the level at or below which a SKU counts as low (None: site default).

    Not a movement of units, so it writes no ledger row; the change, its reason and
    who made it go to Wagtail's audit log (Reports → Site history).
    """
    from wagtail.log_actions import log

    if threshold is not None and (
        isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0
    ):
        raise InvalidStockChange("A threshold must be a whole number of zero or more.")
    if not reason.strip():
        raise InvalidStockChange("Give a reason for the change.")
    with transaction.atomic():
        level = _lock_levels([variant_id])[variant_id]
        before = level.low_stock_threshold
        level.low_stock_threshold = threshold
        level.save(update_fields=["low_stock_threshold", "updated_at"])
        stock_changed.send(
            StockLevel,
            level=level,
            available_before=level.available,
            threshold_before=before,
        )
        log(
            instance=level,
            action="inventory.threshold",
            user=user if getattr(user, "is_authenticated", False) else None,
            data={"from": before, "to": threshold, "reason": reason.strip()[:255]},
        )
    return level
