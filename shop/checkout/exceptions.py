"""Domain errors of checkout. Messages are written for shoppers."""

from dataclasses import dataclass


class CheckoutError(Exception):
    """Checkout refused; nothing was created or reserved."""


class EmptyCart(CheckoutError):
    """There is nothing to buy."""


class CartChanged(CheckoutError):
    """What the checkout page showed (items, prices, shipping) is no longer true."""


@dataclass(frozen=True)
class ShortLine:
    """One cart line that cannot be covered: what was asked and what is left."""

    name: str
    sku: str
    requested: int
    available: int

    @property
    def short_by(self) -> int:
        return self.requested - self.available

    def __str__(self) -> str:
        if self.available == 0:
            return f"{self.name} is sold out (you asked for {self.requested})."
        return (
            f"{self.name}: you asked for {self.requested}, only {self.available} "
            f"left ({self.short_by} short)."
        )


class OutOfStock(CheckoutError):
    """Some lines are short; no order and no reservation survive."""

    def __init__(self, lines: list[ShortLine]):
        self.lines = lines
        super().__init__(" ".join(str(line) for line in lines))
