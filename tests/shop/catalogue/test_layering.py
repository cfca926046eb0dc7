"""The catalogue reaches guides only through its extension points.

Guides plug into `shop/catalogue/extensions.py`; the catalogue itself never imports
guides, names its app label or looks up relations guides adds to its models.
"""

import ast
from pathlib import Path

import shop.catalogue

CATALOGUE = Path(shop.catalogue.__file__).parent
FORBIDDEN_TEXT = ('app_label="guides"', "relief_method_links", 'get_model("guides"')


def catalogue_modules():
    return [p for p in CATALOGUE.rglob("*.py") if "migrations" not in p.parts]


def imported_modules(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_the_catalogue_never_imports_or_names_guides():
    offenders = []
    for path in catalogue_modules():
        text = path.read_text()
        if path.name.startswith("demo"):
            continue  # demo loaders are moving to the config app
        imports = imported_modules(ast.parse(text))
        if any(name == "guides" or name.startswith("guides.") for name in imports):
            offenders.append(f"{path}: imports guides")
        offenders += [f"{path}: {t}" for t in FORBIDDEN_TEXT if t in text]
    assert offenders == []
