"""Read-side helpers for stock: badge state and thresholds."""

from dataclasses import dataclass


@dataclass(frozen=True)
class StockState:
    """What a shopper is told about availability."""

    code: str  # "in_stock", "low", "out"
    label: str
    available: int

    @property
    def purchasable(self) -> bool:
        return self.code != "out"

    @property
    def badge_class(self) -> str:
        return {"in_stock": "badge--ok", "low": "badge--warn", "out": "badge--danger"}[
            self.code
        ]


def stock_state(available: int, threshold: int) -> StockState:
    """In stock / only N left (at or under the threshold) / out of stock."""
    if available <= 0:
        return StockState("out", "Out of stock", 0)
    if available <= threshold:
        return StockState("low", f"Only {available} left", available)
    return StockState("in_stock", "In stock", available)
