"""Demo guides, relief methods, causes, body areas and the home page's featured rows.

The words and records live in `data/` (see `content`); this package turns them into
snippets and pages. Idempotent: everything is found again by slug (or name) and only
what is missing is created. Runs after the catalogue's demo step so relief methods can
link the products that suit them; a method whose products are not there yet stays
empty and is completed on the next run.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from guides.models import (
    Cause,
    Contributor,
    GuideIndexPage,
    PopularGuide,
    ReliefMethodIndexPage,
    ReliefMethodPage,
    ReliefMethodProduct,
    ReliefMethodSource,
)
from guides.site_setup import ensure_all
from home.demo import data_files
from home.demo_images import demo_image
from home.models import BodyArea, HomePage
from shop.catalogue.models import ProductPage, ShopIndexPage

from . import content
from .guide_pages import ensure_guides

MAX_PRODUCTS_PER_METHOD = 4
REVIEWED_DAYS_AGO = 40


def ensure_body_areas() -> dict[str, BodyArea]:
    """The shared body areas (the shop's demo step usually made them already); an
    area an editor renamed or re-slugged is still found by its other name."""
    areas = {}
    for order, item in enumerate(data_files.body_areas()):
        slug, name = item["slug"], item["name"]
        area = BodyArea.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
        if area is None:
            area = BodyArea.objects.create(slug=slug, name=name, sort_order=order)
        areas[slug] = area
    return areas


def ensure_causes() -> dict[str, Cause]:
    causes = {}
    for order, spec in enumerate(content.taxonomy()["causes"]):
        cause, _ = Cause.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"],
                "summary": spec["summary"],
                "red_flag_note": spec["red_flag"],
                "sort_order": order,
            },
        )
        causes[spec["slug"]] = cause
    return causes


def ensure_contributors() -> dict[str, Contributor]:
    people = {}
    for spec in content.taxonomy()["contributors"]:
        person, _ = Contributor.objects.get_or_create(
            name=spec["name"],
            defaults={"job_title": spec["job_title"], "bio": spec["bio"]},
        )
        people[spec["name"]] = person
    return people


def matching_products(links: list[dict]) -> list[tuple[ProductPage, str]]:
    """Live products whose title contains a link's `match`, in link order, each once,
    with the link's `why` note."""
    found, seen = [], set()
    for link in links:
        products = ProductPage.objects.live().filter(title__icontains=link["match"])
        for product in products:
            if product.pk not in seen:
                seen.add(product.pk)
                found.append((product, link["why"]))
    return found[:MAX_PRODUCTS_PER_METHOD]


def ensure_relief_methods(
    index, causes, areas, people, stdout
) -> dict[str, ReliefMethodPage]:
    methods = {}
    for spec in content.relief_methods():
        method = ReliefMethodPage.objects.filter(slug=spec["slug"]).first()
        if method is None:
            method = ReliefMethodPage(
                title=spec["title"],
                slug=spec["slug"],
                teaser=spec["teaser"],
                hero_image=demo_image(
                    f"Relief method: {spec['title']}", **spec["image"]
                ),
                time_needed_minutes=spec["minutes"],
                steps=[
                    {
                        "type": "step",
                        "value": {"title": step["title"], "text": step["text"]},
                    }
                    for step in spec["steps"]
                ],
                when_it_helps=data_files.paragraphs_html(spec["when_it_helps"]),
                cautions=data_files.paragraphs_html(spec["cautions"]),
                no_products_text=spec.get("no_products", ""),
                medical_reviewer=people[spec["medical_reviewer"]],
                last_reviewed=timezone.localdate() - timedelta(days=REVIEWED_DAYS_AGO),
            )
            method.sources = [
                ReliefMethodSource(title=src["title"], url=src["url"], sort_order=n)
                for n, src in enumerate(spec["sources"])
            ]
            method.causes.set([causes[slug] for slug in spec["causes"]])
            method.body_areas.set([areas[slug] for slug in spec["body_areas"]])
            index.add_child(instance=method)
            method.save_revision().publish()
            stdout.write(f"Relief method: {method.title}")
        if spec.get("products") and not method.suitable_products.exists():
            links = [
                ReliefMethodProduct(product=product, note=note, sort_order=order)
                for order, (product, note) in enumerate(
                    matching_products(spec["products"])
                )
            ]
            if links:
                # Through a revision, so the page history shows the products arriving.
                method.suitable_products = links
                method.save_revision().publish()
                method.refresh_from_db()
        methods[spec["slug"]] = method
    return methods


def ensure_popular_guides(index: GuideIndexPage, guides: dict) -> None:
    if index.popular_guide_links.exists():
        return
    index.popular_guide_links = [
        PopularGuide(guide=guides[slug], sort_order=order)
        for order, slug in enumerate(content.featured()["popular_guides"])
    ]
    index.save_revision().publish()


def featured_products_row(row: dict) -> dict:
    """The home page's featured-products row: products by title, linking the shop."""
    by_title = {
        product.title: product.pk
        for product in ProductPage.objects.filter(title__in=row["products"])
    }
    shop = ShopIndexPage.objects.first()
    return {
        "type": "featured_products",
        "value": {
            "heading": row["heading"],
            "intro": row["intro"],
            "products": [by_title[t] for t in row["products"] if t in by_title],
            "link_page": shop.pk if shop else None,
            "link_text": row["link_text"],
        },
    }


def ensure_home_rows(guides: dict, methods: dict, guide_index, relief_index) -> None:
    """Fill the home page's featured rows once; never overwrite an editor's rows."""
    home = HomePage.objects.first()
    if home is None or home.body.raw_data:
        return
    indexes = {
        "guides": (guides, guide_index),
        "relief_methods": (methods, relief_index),
    }
    rows = []
    for row in content.featured()["home_rows"]:
        if "products" in row:
            rows.append(featured_products_row(row))
            continue
        kind = "guides" if "guides" in row else "relief_methods"
        pages, index = indexes[kind]
        rows.append(
            {
                "type": "featured_pages",
                "value": {
                    "heading": row["heading"],
                    "intro": row["intro"],
                    "pages": [pages[slug].pk for slug in row[kind]],
                    "link_page": index.pk,
                    "link_text": row["link_text"],
                },
            }
        )
    home.body = rows
    if home.hero_cta_page_id is None:
        home.hero_cta_page = guide_index
    home.save_revision().publish()


def load(stdout) -> None:
    """Create whatever of the demo guides is missing, in the data files' order."""
    ensure_all()
    guide_index = GuideIndexPage.objects.get()
    relief_index = ReliefMethodIndexPage.objects.get()
    areas = ensure_body_areas()
    causes = ensure_causes()
    people = ensure_contributors()
    methods = ensure_relief_methods(relief_index, causes, areas, people, stdout)
    guides = ensure_guides(guide_index, causes, areas, methods, people, stdout)
    ensure_popular_guides(guide_index, guides)
    ensure_home_rows(guides, methods, guide_index, relief_index)
