"""Demo catalogue: the shop, seven categories, twenty-one products. Safe to re-run.

The records live in `data/` (`shop.yaml`: the shop page and categories;
`products.yaml`: products, variants, prices and opening stock); this module only turns
them into pages and rows. Pages are found by slug, variants by SKU, body areas by slug;
only what is missing is created. Stock arrives through the stock service (`receive`),
once, when a variant is first created, so re-running never changes a stock figure.

Relief methods belong to the guides app: its demo step runs after this one and links
these products to methods by their titles, so the shop never needs to know about it.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

from home.demo import data_files
from home.demo_images import demo_image
from home.models import BodyArea, HomePage
from shop.catalogue.models import (
    ProductCategoryPage,
    ProductGalleryImage,
    ProductPage,
    ProductPairing,
    ProductSpecification,
    ProductVariant,
    ShopIndexPage,
)
from shop.inventory import services

DATA_DIR = Path(__file__).resolve().parent / "data"
DELIVERY_REFERENCE = "DEMO-OPENING-STOCK"
DEFAULT_WEIGHT_GRAMS = 500
COST_SHARE_OF_PRICE = Decimal("0.45")
CENT = Decimal("0.01")


@cache
def shop_data() -> dict:
    """`shop.yaml`: the shop page (`shop`) and its `categories`, in menu order."""
    return data_files.read_yaml(DATA_DIR / "shop.yaml")


def categories() -> list[dict]:
    """The demo categories (`slug`, `title`, `intro`, `image`), in menu order."""
    return shop_data()["categories"]


@cache
def products_data() -> dict:
    """`products.yaml`: shared `care_notes` and the `products`, in creation order."""
    return data_files.read_yaml(DATA_DIR / "products.yaml")


def money(value) -> Decimal:
    """A price from the data file; str() first, so an unquoted 19.9 stays exact."""
    return Decimal(str(value)).quantize(CENT)


def care_html(spec: dict) -> str:
    """`care` is prose, or a list of `care_notes` names whose texts are joined."""
    care = spec.get("care") or ""
    if isinstance(care, list):
        notes = products_data()["care_notes"]
        return "".join(data_files.paragraphs_html(notes[name]) for name in care)
    return data_files.paragraphs_html(care)


def ensure_body_areas() -> dict[str, BodyArea]:
    areas = {}
    for order, item in enumerate(data_files.body_areas()):
        area, _ = BodyArea.objects.get_or_create(
            slug=item["slug"], defaults={"name": item["name"], "sort_order": order}
        )
        areas[item["slug"]] = area
    return areas


def ensure_shop(stdout) -> ShopIndexPage:
    shop = ShopIndexPage.objects.first()
    if shop is not None:
        return shop
    home = HomePage.objects.first()
    if home is None:
        raise RuntimeError("No HomePage: run `manage.py migrate` first.")
    spec = shop_data()["shop"]
    shop = home.add_child(
        instance=ShopIndexPage(
            title=spec["title"], slug=spec["slug"], intro=spec["intro"]
        )
    )
    shop.save_revision().publish()
    stdout.write(f"Shop: created /{shop.slug}/.")
    return shop


def ensure_categories(shop: ShopIndexPage, stdout) -> dict[str, ProductCategoryPage]:
    found = {}
    for spec in categories():
        slug, title = spec["slug"], spec["title"]
        category = ProductCategoryPage.objects.child_of(shop).filter(slug=slug).first()
        if category is None:
            category = shop.add_child(
                instance=ProductCategoryPage(
                    title=title,
                    slug=slug,
                    intro=spec["intro"],
                    image=demo_image(f"Category: {title}", **spec["image"]),
                )
            )
            category.save_revision().publish()
            stdout.write(f"Shop: created category {title}.")
        found[slug] = category
    return found


def _create_product(spec: dict, category, areas) -> ProductPage:
    title, image = spec["title"], spec["image"]
    gallery = [
        ProductGalleryImage(
            image=demo_image(
                f"Product: {title} ({number})", shape=image["shape"], palette=palette
            ),
            alt_text=f"{title}, illustration {number}",
            sort_order=number - 1,
        )
        for number, palette in enumerate(image["palettes"], start=1)
    ]
    product = ProductPage(
        title=title,
        slug=spec["slug"],
        short_description=spec["summary"],
        description=data_files.paragraphs_html(spec["description"]),
        key_features=[("feature", text) for text in spec.get("features", [])],
        care_and_safety=care_html(spec),
        featured=spec.get("featured", False),
        gallery_images=gallery,
        specifications=[
            ProductSpecification(label=label, value=str(value), sort_order=order)
            for order, (label, value) in enumerate(
                spec.get("specifications", {}).items()
            )
        ],
    )
    product.body_areas = [areas[slug] for slug in spec["body_areas"]]
    category.add_child(instance=product)
    product.save_revision().publish()
    return product


def _ensure_variants(spec: dict, product: ProductPage) -> int:
    """Create missing variants; stock a newly created one through the service."""
    created = 0
    for order, item in enumerate(spec["variants"]):
        price = money(item["price"])
        compare_at = item.get("compare_at")
        variant, was_created = ProductVariant.objects.get_or_create(
            sku=item["sku"],
            defaults={
                "product": product,
                "name": item["name"],
                "price": price,
                "compare_at_price": money(compare_at) if compare_at else None,
                "cost_price": (price * COST_SHARE_OF_PRICE).quantize(CENT),
                "weight_grams": item.get("weight_grams", DEFAULT_WEIGHT_GRAMS),
                "sort_order": order,
            },
        )
        if was_created:
            created += 1
            if item.get("stock"):
                services.receive(
                    lines={variant.pk: item["stock"]},
                    reference=DELIVERY_REFERENCE,
                    note="Opening stock of the demo shop",
                )
    return created


def _ensure_pairings(products: dict[str, ProductPage]) -> None:
    for spec in products_data()["products"]:
        product = products[spec["slug"]]
        pairs_with = spec.get("pairs_with", [])
        if not pairs_with or product.pairings.exists():
            continue
        product = product.get_latest_revision_as_object()
        product.pairings = [
            ProductPairing(product=products[slug], sort_order=order)
            for order, slug in enumerate(pairs_with)
        ]
        product.save_revision().publish()


def load(stdout) -> None:
    """Create whatever of the demo shop is missing, in the data files' order."""
    areas = ensure_body_areas()
    shop = ensure_shop(stdout)
    category_pages = ensure_categories(shop, stdout)
    products: dict[str, ProductPage] = {}
    new_products = new_variants = 0
    for spec in products_data()["products"]:
        product = ProductPage.objects.filter(slug=spec["slug"]).first()
        if product is None:
            product = _create_product(spec, category_pages[spec["category"]], areas)
            new_products += 1
        products[spec["slug"]] = product
        new_variants += _ensure_variants(spec, product)
    _ensure_pairings(products)
    if new_products or new_variants:
        stdout.write(
            f"Shop: created {new_products} products and {new_variants} variants."
        )
