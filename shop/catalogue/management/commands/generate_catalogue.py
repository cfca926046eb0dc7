"""`generate_catalogue --products N`: a large catalogue for scale and speed tests.

Creates live product pages, 1-4 variants each and their opening stock in bulk, without
pictures. Page rows are written with `bulk_create` (tree paths computed here, the way
treebeard would), so thousands of products take seconds rather than the minutes that
one `add_child()` + `publish()` per page would. Stock still arrives only through the
stock service (`receive`), in batches; about one variant in ten is left out of stock.
Each batch ends by refreshing its products' stored summaries (listing figures).
"""

from __future__ import annotations

import random
import time
import uuid
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backends

from home.models import BodyArea
from shop.catalogue import demo
from shop.catalogue.models import (
    ProductCategoryPage,
    ProductPage,
    ProductVariant,
)
from shop.catalogue.summaries import refresh_product_summaries
from shop.inventory import services
from shop.inventory.models import StockLevel

BATCH_SIZE = 250
REFERENCE = "GENERATED-CATALOGUE"
ADJECTIVES = [
    "Soft",
    "Firm",
    "Travel",
    "Deep-tissue",
    "Compact",
    "Everyday",
    "Recovery",
    "Gentle",
    "Warming",
    "Cooling",
]
NOUNS = [
    "foam roller",
    "massage ball",
    "heat pack",
    "gel pack",
    "massage mat",
    "stretch strap",
    "bath soak",
    "wheat bag",
    "massage stick",
    "lumbar cushion",
]
VARIANT_NAMES = ["Small", "Medium", "Large", "Extra large"]


class Command(BaseCommand):
    help = "Create N generated products (no pictures) for scale tests, in bulk."

    def add_arguments(self, parser):
        parser.add_argument("--products", type=int, required=True)
        parser.add_argument(
            "--seed", type=int, default=None, help="Random seed for repeatable runs."
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Skip adding the products to the search index.",
        )

    def handle(self, *args, products: int, seed, no_index: bool, **options):
        if products < 1:
            raise CommandError("--products must be at least 1.")
        rng = random.Random(seed)  # noqa: S311 - test data, not security
        started = time.monotonic()
        with transaction.atomic():
            categories = self._categories()
        areas = list(BodyArea.objects.all()) or list(demo.ensure_body_areas().values())
        run_id = uuid.uuid4().hex[:6]
        done = 0
        self._progress(0, products)
        while done < products:
            size = min(BATCH_SIZE, products - done)
            with transaction.atomic():
                created = self._create_batch(
                    categories, areas, rng, run_id, start=done, size=size
                )
                if not no_index:
                    self._index(created)
            done += size
            self._progress(done, products)
        elapsed = time.monotonic() - started
        rate = products / elapsed * 60 if elapsed else 0
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created {products} products in {elapsed:.1f} s "
                f"({rate:,.0f} products per minute)."
            )
        )

    # --- steps -----------------------------------------------------------------------

    def _categories(self) -> list[ProductCategoryPage]:
        shop = demo.ensure_shop(self.stdout)
        categories = list(ProductCategoryPage.objects.child_of(shop).live())
        if categories:
            return categories
        for spec in demo.categories():
            category = shop.add_child(
                instance=ProductCategoryPage(
                    title=spec["title"], slug=spec["slug"], intro=spec["intro"]
                )
            )
            category.save_revision().publish()
            categories.append(category)
        return categories

    def _create_batch(self, categories, areas, rng, run_id, *, start, size):
        now = timezone.now()
        content_type = ContentType.objects.get_for_model(ProductPage)
        locale = Locale.get_default()
        per_category: dict[int, list[Page]] = {}
        pages: list[Page] = []
        specs = []
        for offset in range(size):
            number = start + offset + 1
            category = categories[(number - 1) % len(categories)]
            title = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {number}"
            slug = f"generated-{run_id}-{number}"
            page = Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
                depth=category.depth + 1,
                numchild=0,
                url_path=f"{category.url_path}{slug}/",
            )
            per_category.setdefault(category.pk, []).append(page)
            pages.append(page)
            specs.append((page, category, number))

        # Tree paths: continue after each category's current last child.
        for category in categories:
            children = per_category.get(category.pk)
            if not children:
                continue
            category.refresh_from_db(fields=["path", "numchild"])
            last = category.get_last_child()
            step = Page._str2int(last.path[-Page.steplen :]) if last else 0
            for page in children:
                step += 1
                page.path = Page._get_path(category.path, page.depth, step)
            Page.objects.filter(pk=category.pk).update(
                numchild=category.numchild + len(children)
            )

        Page.objects.bulk_create(pages)
        products = []
        for page, _category, number in specs:
            product = ProductPage(
                page_ptr_id=page.pk,
                short_description=(
                    f"Generated product number {number}, for load and speed tests."
                ),
                description="<p>A generated product without pictures.</p>",
                key_features=[("feature", "Generated for scale tests")],
                featured=rng.random() < 0.05,
            )
            # Copy the parent row's values so the instance is complete in memory.
            for field in Page._meta.concrete_fields:
                setattr(product, field.attname, getattr(page, field.attname))
            products.append(product)
        ProductPage._base_manager._insert(
            products,
            fields=ProductPage._meta.local_concrete_fields,
            using="default",
        )

        through = ProductPage.body_areas.through
        through.objects.bulk_create(
            [
                through(productpage_id=product.pk, bodyarea_id=area.pk)
                for product in products
                for area in rng.sample(areas, k=min(len(areas), rng.randint(1, 3)))
            ]
        )

        variants = []
        for product in products:
            count = rng.randint(1, 4)
            base = Decimal(rng.randrange(590, 12990)) / 100
            for index in range(count):
                price = (base * (1 + Decimal(index) / 4)).quantize(Decimal("0.10"))
                variants.append(
                    ProductVariant(
                        product_id=product.pk,
                        sku=f"GEN-{run_id}-{product.pk}-{index + 1}".upper(),
                        name=VARIANT_NAMES[index],
                        price=price - Decimal("0.01"),
                        weight_grams=rng.randint(100, 3000),
                        sort_order=index,
                    )
                )
        ProductVariant.objects.bulk_create(variants)
        # bulk_create skips post_save, which normally creates the empty stock row.
        StockLevel.objects.bulk_create(
            [StockLevel(variant_id=variant.pk) for variant in variants]
        )
        deliveries = {
            variant.pk: rng.choice([1, 2, 3, 8, 15, 25, 40, 60])
            for variant in variants
            if rng.random() >= 0.1
        }
        if deliveries:
            services.receive(
                lines=deliveries,
                reference=REFERENCE,
                note="Opening stock of a generated catalogue",
            )
        # bulk_create skips the signals that keep the stored summaries exact, and
        # the products never stocked above are not among those `receive` refreshed.
        refresh_product_summaries(product.pk for product in products)
        return [product.pk for product in products]

    def _index(self, product_ids: list[int]) -> None:
        products = list(
            ProductPage.objects.filter(pk__in=product_ids).prefetch_related("variants")
        )
        for backend in get_search_backends():
            backend.add_bulk(ProductPage, products)

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = int(width * done / total)
        bar = "#" * filled + "-" * (width - filled)
        line = f"[{bar}] {done}/{total} products"
        if self.stdout.isatty():
            self.stdout.write(f"\r{line}", ending="")
            self.stdout.flush()
        else:
            self.stdout.write(line)
