"""The discount arithmetic, in minor units: nothing lost, nothing invented."""

from decimal import Decimal

import pytest

from shop.discounts.pricing import (
    PricedLine,
    discount_for,
    paid_for_units,
    percentage_of,
    unit_split,
)


def test_a_percentage_is_rounded_half_up_to_the_cent():
    assert percentage_of(2490, Decimal("10")) == 249
    assert percentage_of(1005, Decimal("10")) == 101  # 100.5 rounds up
    assert percentage_of(1004, Decimal("10")) == 100
    assert percentage_of(999, Decimal("12.5")) == 125  # 124.875


def test_a_percentage_covers_only_eligible_lines_and_spreads_exactly():
    lines = [
        PricedLine(key=1, unit_amount=1999, quantity=3),
        PricedLine(key=2, unit_amount=1490, quantity=1),
        PricedLine(key=3, unit_amount=5000, quantity=1, eligible=False),
    ]
    result = discount_for(lines, percent=Decimal("15"))
    # 15 % of 5997 + 1490 = 7487 → 1123.05 → 1123
    assert result.total == 1123
    assert sum(result.per_line.values()) == 1123
    assert result.for_line(3) == 0
    # In proportion: 5997/7487 of 1123 = 899.51, 1490/7487 of it = 223.49; the
    # one cent left over goes to the larger remainder.
    assert (result.for_line(1), result.for_line(2)) == (900, 223)


def test_a_fixed_amount_never_exceeds_what_the_eligible_lines_cost():
    lines = [PricedLine(key=1, unit_amount=350, quantity=2)]
    assert discount_for(lines, amount=1000).total == 700
    assert discount_for(lines, amount=500).per_line == {1: 500}


def test_the_largest_remainders_take_the_odd_cents():
    lines = [PricedLine(key=k, unit_amount=100, quantity=1) for k in (1, 2, 3)]
    result = discount_for(lines, amount=100)
    assert sorted(result.per_line.values()) == [33, 33, 34]
    assert result.total == 100


def test_nothing_eligible_gives_no_discount():
    lines = [PricedLine(key=1, unit_amount=100, quantity=1, eligible=False)]
    assert discount_for(lines, percent=Decimal("50")).total == 0


@pytest.mark.parametrize(
    ("paid", "quantity", "split"),
    [
        (2697, 3, [(899, 3)]),
        (2698, 3, [(900, 1), (899, 2)]),
        (2699, 3, [(900, 2), (899, 1)]),
        (0, 2, [(0, 2)]),
    ],
)
def test_a_line_splits_into_unit_prices_that_add_up(paid, quantity, split):
    assert unit_split(paid, quantity) == split
    assert sum(unit * count for unit, count in split) == paid


def test_refunding_units_one_by_one_gives_back_exactly_what_was_paid():
    paid, quantity = 2698, 3
    parts = [paid_for_units(paid, quantity, already=i, units=1) for i in range(3)]
    assert parts == [900, 899, 899]
    assert paid_for_units(paid, quantity, already=0, units=3) == paid
    assert paid_for_units(paid, quantity, already=1, units=2) == 1798
    assert paid_for_units(paid, quantity, already=3, units=1) == 0
