"""Extension point of the stock admin: figures other apps add per SKU.

The inventory sits below the catalogue and everything that sells, so it may not
import them; yet the Stock listing is where staff decide what to reorder, and other
apps know things that help (how many shoppers wait for a SKU to come back). An app
registers a `StockFigure` from its `AppConfig.ready()`: an annotation on StockLevel
rows (a subquery, so the listing's query count stays fixed) and the column that
shows it, sortable like the others.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Expression


@dataclass(frozen=True)
class StockFigure:
    name: str
    label: str
    annotation: Callable[[], Expression]


_figures: dict[str, StockFigure] = {}


def register_stock_figure(figure: StockFigure) -> None:
    """Add (or replace, by name) a figure of the Stock listing."""
    _figures[figure.name] = figure


def stock_figures() -> list[StockFigure]:
    return list(_figures.values())
