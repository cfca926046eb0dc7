"""Demo discount codes (`data/codes.yaml`). Safe to re-run: codes are found by their
text and only missing ones are created, so staff edits in a demo database stay."""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from home.demo import data_files
from shop.catalogue.models import ProductCategoryPage, ProductPage
from shop.discounts.models import DiscountCode

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def codes() -> list[dict]:
    return data_files.read_yaml(DATA_DIR / "codes.yaml")["codes"]


def welcome_line() -> str:
    """The demo code and what it does, for `runserver --welcome`."""
    spec = codes()[0]
    minimum = (
        f", on items from €{spec['minimum_order']}" if spec.get("minimum_order") else ""
    )
    unit = " %" if spec["kind"] == "percentage" else " €"
    return f"{spec['code']} ({spec['value']}{unit} off{minimum})"


def _amount(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load(stdout) -> None:
    for spec in codes():
        if DiscountCode.objects.filter(code=spec["code"]).exists():
            continue
        code = DiscountCode.objects.create(
            code=spec["code"],
            description=spec.get("description", ""),
            kind=spec["kind"],
            value=_amount(spec["value"]),
            minimum_order=_amount(spec.get("minimum_order")),
            usage_limit=spec.get("usage_limit"),
            once_per_email=spec.get("once_per_email", False),
        )
        code.categories.set(
            ProductCategoryPage.objects.filter(slug__in=spec.get("categories", []))
        )
        code.products.set(ProductPage.objects.filter(slug__in=spec.get("products", [])))
        stdout.write(f"Discount code {code.code} created.\n")
