"""Demo guides, relief methods, causes, body areas and the home page's featured rows.

Idempotent: everything is found again by slug (or name) and only what is missing is
created. Runs after the catalogue's demo step so relief methods can link the
products that suit them; a method whose products are not there yet stays empty and
is completed on the next run.
"""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from home.demo_images import demo_image
from home.models import BodyArea, HomePage
from shop.catalogue.models import ProductPage

from . import demo_content as content
from .models import (
    Cause,
    Contributor,
    GuideIndexPage,
    GuidePage,
    GuideReliefMethod,
    GuideSource,
    PopularGuide,
    ReliefMethodIndexPage,
    ReliefMethodPage,
    ReliefMethodProduct,
)
from .site_setup import ensure_all

MAX_PRODUCTS_PER_METHOD = 4
GUIDE_PRODUCT_GRID_SIZE = 4


def ensure_body_areas() -> dict[str, BodyArea]:
    areas = {}
    for order, (slug, name) in enumerate(content.BODY_AREAS):
        area = BodyArea.objects.filter(Q(slug=slug) | Q(name__iexact=name)).first()
        if area is None:
            area = BodyArea.objects.create(slug=slug, name=name, sort_order=order)
        areas[slug] = area
    return areas


def ensure_causes() -> dict[str, Cause]:
    causes = {}
    for order, spec in enumerate(content.CAUSES):
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
    for spec in content.CONTRIBUTORS:
        person, _ = Contributor.objects.get_or_create(
            name=spec["name"],
            defaults={"job_title": spec["job_title"], "bio": spec["bio"]},
        )
        people[spec["name"]] = person
    return people


def matching_products(keywords: list[str]) -> list[tuple[ProductPage, str]]:
    """Live products whose title contains a keyword, in keyword order, each once."""
    found, seen = [], set()
    for keyword, note in keywords:
        for product in ProductPage.objects.live().filter(title__icontains=keyword):
            if product.pk not in seen:
                seen.add(product.pk)
                found.append((product, note))
    return found[:MAX_PRODUCTS_PER_METHOD]


def ensure_relief_methods(index, causes, areas, stdout) -> dict[str, ReliefMethodPage]:
    methods = {}
    for spec in content.RELIEF_METHODS:
        method = ReliefMethodPage.objects.filter(slug=spec["slug"]).first()
        if method is None:
            shape, palette = spec["image"]
            method = ReliefMethodPage(
                title=spec["title"],
                slug=spec["slug"],
                teaser=spec["teaser"],
                hero_image=demo_image(
                    f"Relief method: {spec['title']}", shape=shape, palette=palette
                ),
                time_needed_minutes=spec["minutes"],
                steps=[
                    {"type": "step", "value": {"title": title, "text": text}}
                    for title, text in spec["steps"]
                ],
                when_it_helps=spec["when"],
                cautions=spec["cautions"],
                no_products_text=spec.get("no_products", ""),
            )
            method.causes.set([causes[slug] for slug in spec["causes"]])
            method.body_areas.set([areas[slug] for slug in spec["areas"]])
            index.add_child(instance=method)
            method.save_revision().publish()
            stdout.write(f"Relief method: {method.title}")
        if spec["products"] and not method.suitable_products.exists():
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


def guide_block(item, *, areas, methods, people, guides) -> dict | None:
    """One shorthand tuple from demo_content.GUIDES as a raw StreamField block."""
    kind, *args = item
    if kind == "p":
        return {"type": "paragraph", "value": "".join(f"<p>{a}</p>" for a in args)}
    if kind == "h":
        return {"type": "heading", "value": {"text": args[0], "level": "h2"}}
    if kind == "symptoms":
        return {
            "type": "symptoms",
            "value": {
                "heading": "Symptoms by body area",
                "groups": [
                    {"body_area": areas[slug].pk, "symptoms": symptoms}
                    for slug, symptoms in args[0].items()
                ],
            },
        }
    if kind == "red_flag":
        urgency, title, signs, advice = args
        return {
            "type": "red_flag",
            "value": {
                "urgency": urgency,
                "title": title,
                "signs": signs,
                "advice": advice,
            },
        }
    if kind == "qa":
        question, asker, answer = args
        return {
            "type": "question",
            "value": {
                "question": question,
                "asker": asker,
                "answer": answer,
                "answered_by": people["Lena Hartmann"].pk,
            },
        }
    if kind == "callout":
        style, title, text = args
        return {
            "type": "callout",
            "value": {"kind": style, "title": title, "text": text},
        }
    if kind == "how_to":
        heading, steps = args
        return {
            "type": "how_to",
            "value": {
                "heading": heading,
                "steps": [{"title": t, "text": x} for t, x in steps],
            },
        }
    if kind == "method":
        return {
            "type": "relief_method",
            "value": {"method": methods[args[0]].pk, "product_count": 2},
        }
    if kind == "products":
        heading, method_slugs = args
        product_ids = []
        for slug in method_slugs:
            for link in methods[slug].suitable_products.order_by("sort_order"):
                if link.product_id not in product_ids:
                    product_ids.append(link.product_id)
        if not product_ids:
            return None  # no products in the catalogue yet
        return {
            "type": "product_grid",
            "value": {
                "heading": heading,
                "intro": "",
                "products": product_ids[:GUIDE_PRODUCT_GRID_SIZE],
            },
        }
    if kind == "related":
        pages = [guides[slug].pk for slug in args[0] if slug in guides]
        if not pages:
            return None
        return {
            "type": "related_reading",
            "value": {"heading": "Related reading", "pages": pages},
        }
    raise ValueError(f"Unknown demo block {kind!r}")


def ensure_guides(index, causes, areas, methods, people, stdout) -> dict:
    guides = {g.slug: g for g in GuidePage.objects.all()}
    now = timezone.now()
    author = people["Lena Hartmann"]
    for spec in content.GUIDES:
        if spec["slug"] in guides:
            continue
        shape, palette = spec["image"]
        body = [
            block
            for item in spec["blocks"]
            if (
                block := guide_block(
                    item, areas=areas, methods=methods, people=people, guides=guides
                )
            )
        ]
        published = now - timedelta(days=spec["days_ago"])
        guide = GuidePage(
            title=spec["title"],
            slug=spec["slug"],
            teaser=spec["teaser"],
            hero_image=demo_image(
                f"Guide: {spec['title']}", shape=shape, palette=palette
            ),
            author=author,
            medical_reviewer=people[spec["reviewer"]],
            last_reviewed=(published + timedelta(days=1)).date(),
            body=body,
        )
        guide.causes.set([causes[slug] for slug in spec["causes"]])
        guide.body_areas.set([areas[slug] for slug in spec["areas"]])
        guide.method_links = [
            GuideReliefMethod(method=methods[slug], sort_order=order)
            for order, slug in enumerate(spec["methods"])
        ]
        guide.sources = [
            GuideSource(title=title, url=url, sort_order=order)
            for order, (title, url) in enumerate(spec["sources"])
        ]
        index.add_child(instance=guide)
        guide.save_revision().publish()
        # Spread publication dates so "newest first" means something in the demo.
        GuidePage.objects.filter(pk=guide.pk).update(
            first_published_at=published, last_published_at=published
        )
        guides[spec["slug"]] = guide
        stdout.write(f"Guide: {guide.title}")
    return guides


def ensure_popular_guides(index: GuideIndexPage, guides: dict) -> None:
    if index.popular_guide_links.exists():
        return
    index.popular_guide_links = [
        PopularGuide(guide=guides[slug], sort_order=order)
        for order, slug in enumerate(content.STARTER_GUIDES)
    ]
    index.save_revision().publish()


def ensure_home_rows(guides: dict, methods: dict, guide_index, relief_index) -> None:
    """Fill the home page's featured rows once; never overwrite an editor's rows."""
    home = HomePage.objects.first()
    if home is None or home.body.raw_data:
        return
    home.body = [
        {
            "type": "featured_pages",
            "value": {
                "heading": "Start here",
                "intro": "The cramps and spasms readers ask us about most.",
                "pages": [guides[slug].pk for slug in content.STARTER_GUIDES],
                "link_page": guide_index.pk,
                "link_text": "All guides",
            },
        },
        {
            "type": "featured_pages",
            "value": {
                "heading": "What helps",
                "intro": "Relief methods, step by step, with the tools that suit them.",
                "pages": [methods[slug].pk for slug in content.STARTER_METHODS],
                "link_page": relief_index.pk,
                "link_text": "All relief methods",
            },
        },
    ]
    if home.hero_cta_page_id is None:
        home.hero_cta_page = guide_index
    home.save_revision().publish()


def load(stdout) -> None:
    ensure_all()
    guide_index = GuideIndexPage.objects.get()
    relief_index = ReliefMethodIndexPage.objects.get()
    areas = ensure_body_areas()
    causes = ensure_causes()
    people = ensure_contributors()
    methods = ensure_relief_methods(relief_index, causes, areas, stdout)
    guides = ensure_guides(guide_index, causes, areas, methods, people, stdout)
    ensure_popular_guides(guide_index, guides)
    ensure_home_rows(guides, methods, guide_index, relief_index)
