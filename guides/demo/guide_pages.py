"""Demo guide pages from the Markdown files in `data/guides/` (see `content`)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from guides.models import GuidePage, GuideReliefMethod, GuideSource
from home.demo.data_files import paragraphs_html
from home.demo_images import demo_image

from . import content

GUIDE_PRODUCT_GRID_SIZE = 4
METHOD_CARD_PRODUCT_COUNT = 2


def guide_block(kind: str, fields, *, ctx: dict) -> dict | None:
    """One body item of a guide file as a raw StreamField block, or None when what
    it points to is not there yet (no products, no related guide)."""
    if kind == "paragraphs":
        return {"type": "paragraph", "value": "".join(f"<p>{p}</p>" for p in fields)}
    if kind == "heading":
        return {"type": "heading", "value": {"text": fields, "level": "h2"}}
    if kind == "symptoms":
        groups = [
            {"body_area": ctx["areas"][slug].pk, "symptoms": symptoms}
            for slug, symptoms in fields.items()
        ]
        heading = "Symptoms by body area"
        return {"type": "symptoms", "value": {"heading": heading, "groups": groups}}
    if kind == "red_flag":
        return {
            "type": "red_flag",
            "value": {
                "urgency": fields["urgency"],
                "title": fields["title"],
                "signs": fields["signs"],
                "advice": fields.get("advice", ""),
            },
        }
    if kind == "question":
        return {
            "type": "question",
            "value": {
                "question": fields["question"],
                "asker": fields["asker"],
                "answer": paragraphs_html(fields["answer"]),
                "answered_by": ctx["answered_by"].pk,
            },
        }
    if kind == "callout":
        return {
            "type": "callout",
            "value": {
                "kind": fields["kind"],
                "title": fields["title"],
                "text": paragraphs_html(fields["text"]),
            },
        }
    if kind == "how_to":
        return {
            "type": "how_to",
            "value": {
                "heading": fields["heading"],
                "steps": [
                    {"title": step["title"], "text": step["text"]}
                    for step in fields["steps"]
                ],
            },
        }
    if kind == "treatments":
        return {
            "type": "treatments",
            "value": {
                "heading": fields["heading"],
                "treatments": fields["treatments"],
                "call_to_action": fields["call_to_action"],
            },
        }
    if kind == "relief_method":
        method = ctx["methods"][fields["method"]]
        return {
            "type": "relief_method",
            "value": {"method": method.pk, "product_count": METHOD_CARD_PRODUCT_COUNT},
        }
    if kind == "product_grid":
        product_ids = []
        for slug in fields["from_methods"]:
            for link in ctx["methods"][slug].suitable_products.order_by("sort_order"):
                if link.product_id not in product_ids:
                    product_ids.append(link.product_id)
        if not product_ids:
            return None  # no products in the catalogue yet
        return {
            "type": "product_grid",
            "value": {
                "heading": fields["heading"],
                "intro": "",
                "products": product_ids[:GUIDE_PRODUCT_GRID_SIZE],
            },
        }
    if kind == "related_reading":
        guides = ctx["guides"]
        pages = [guides[slug].pk for slug in fields["guides"] if slug in guides]
        if not pages:
            return None
        return {
            "type": "related_reading",
            "value": {"heading": "Related reading", "pages": pages},
        }
    raise ValueError(f"Unknown demo guide block {kind!r}")


def ensure_guides(index, causes, areas, methods, people, stdout) -> dict:
    """Create the guides that are missing, in file order; return all by slug."""
    guides = {g.slug: g for g in GuidePage.objects.all()}
    now = timezone.now()
    for guide_file in content.guides():
        front = guide_file.front
        if front["slug"] in guides:
            continue
        author = people[front["author"]]
        ctx = {
            "areas": areas,
            "methods": methods,
            "guides": guides,
            "answered_by": author,
        }
        body = [
            block
            for kind, fields in guide_file.body
            if (block := guide_block(kind, fields, ctx=ctx))
        ]
        published = now - timedelta(days=front["published_days_ago"])
        guide = GuidePage(
            title=front["title"],
            slug=front["slug"],
            teaser=front["teaser"],
            hero_image=demo_image(f"Guide: {front['title']}", **front["image"]),
            author=author,
            medical_reviewer=people[front["medical_reviewer"]],
            last_reviewed=(published + timedelta(days=1)).date(),
            body=body,
        )
        guide.causes.set([causes[slug] for slug in front["causes"]])
        guide.body_areas.set([areas[slug] for slug in front["body_areas"]])
        guide.method_links = [
            GuideReliefMethod(method=methods[slug], sort_order=order)
            for order, slug in enumerate(front["relief_methods"])
        ]
        guide.sources = [
            GuideSource(title=source["title"], url=source["url"], sort_order=order)
            for order, source in enumerate(front["sources"])
        ]
        index.add_child(instance=guide)
        guide.save_revision().publish()
        # Spread publication dates so "newest first" means something in the demo.
        GuidePage.objects.filter(pk=guide.pk).update(
            first_published_at=published, last_published_at=published
        )
        guides[front["slug"]] = guide
        stdout.write(f"Guide: {guide.title}")
    return guides
