"""Layers that import-linter cannot see: names of upper apps written as strings.

`make lint` runs the import contracts (pyproject.toml, `lint-imports`). A string such
as `app_label="guides"` or `apps.get_model("guides", ...)` hides a dependency from
those contracts, so the shop must not name the guides app and home must name
neither, not even as text (docstrings and comments aside). Migrations are history
and keep the names they were written with.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# (package folder, app labels it may not name)
RULES = [
    ("shop", {"guides"}),
    ("home", {"guides", "catalogue", "inventory", "cart", "checkout", "orders"}),
    # Product reviews sit above orders and the catalogue: they plug in through
    # shop/catalogue/extensions.py and shop/orders/extensions.py.
    *((f"shop/{app}", {"reviews"}) for app in ("catalogue", "inventory", "orders")),
    *((f"shop/{app}", {"reviews"}) for app in ("cart", "payments", "checkout")),
    ("home", {"reviews"}),
    # Discount codes sit below the cart and orders: they name orders by reference.
    (
        "shop/discounts",
        {
            "cart",
            "checkout",
            "orders",
            "payments",
            "attribution",
            "staff",
            "accounts",
            "reviews",
        },
    ),
]


def code_strings(tree: ast.AST) -> list[str]:
    """String constants in code, without docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def names_an_app(text: str, labels: set[str]) -> bool:
    """`"guides"` or `"guides.GuidePage"`-style references (a table name such as
    `catalogue_bodyarea` is storage, not a dependency)."""
    return any(re.fullmatch(rf"{label}(\.\w+)?", text) for label in labels)


def offenders(package: str, labels: set[str]) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        found += [
            f"{path.relative_to(ROOT)}: {text!r}"
            for text in code_strings(tree)
            if names_an_app(text, labels)
        ]
    return found


@pytest.mark.parametrize(("package", "labels"), RULES)
def test_lower_layers_never_name_upper_apps(package, labels):
    assert offenders(package, labels) == []


def test_the_check_finds_a_hidden_dependency():
    tree = ast.parse('"""Mentions guides."""\nx = Page.objects.filter(app="guides")\n')
    assert [t for t in code_strings(tree) if names_an_app(t, {"guides"})] == ["guides"]
    assert not names_an_app("guides that sell", {"guides"})
