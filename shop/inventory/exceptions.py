"""Domain errors of the stock service."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Shortage:
    """One SKU that cannot cover a request: what was asked and what is there."""

    variant_id: int
    sku: str
    requested: int
    available: int

    def __str__(self) -> str:
        return f"{self.sku}: {self.requested} requested, {self.available} available"


class StockError(Exception):
    """Base class for stock-service errors."""


class InsufficientStock(StockError):
    """A change would take available stock (or on-hand stock) below zero.

    Carries every short line, so a checkout can tell the shopper exactly which line is
    short and by how much.
    """

    def __init__(self, shortages: list[Shortage]):
        self.shortages = shortages
        super().__init__("Not enough stock: " + "; ".join(str(s) for s in shortages))


class InvalidStockChange(StockError):
    """A request refused outright: zero or negative quantities, unknown variants."""
