"""schema.org JSON-LD: guides (MedicalWebPage), methods (HowTo), both FAQPage.

Search engines show reviewed health content and step-by-step instructions more
prominently when they can read who reviewed it and what the steps are. The data is
built from the same fields the page shows, so the markup never claims more than the
reader sees.
"""

from django.utils import timezone

from home.rich_text import rich_text_as_text

SCHEMA = "https://schema.org"


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request else url


def _image_url(request, image, spec: str = "fill-1200x630") -> str | None:
    if image is None:
        return None
    # get_renditions, not get_rendition: the single lookup writes the rendition back
    # to the rendition cache on every call, even when it was prefetched.
    return _absolute(request, image.get_renditions(spec)[spec].url)


def _page_url(page, request) -> str:
    return page.get_full_url(request) or _absolute(request, page.url or "/")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def guide_json_ld(page, request) -> list[dict]:
    """MedicalWebPage for every guide, plus FAQPage when it has Q&A blocks."""
    url = _page_url(page, request)
    modified = (
        page.last_published_at or page.latest_revision_created_at or (timezone.now())
    )
    data = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.seo_title or page.title,
        "headline": page.title,
        "description": page.search_description or page.teaser,
        "inLanguage": "en-GB",
        "datePublished": _iso(page.first_published_at or modified),
        "dateModified": _iso(modified),
        "publisher": {"@type": "Organization", "name": "Unknot"},
        "about": [
            {"@type": "MedicalCondition", "name": cause.name}
            for cause in page.topic_causes
        ],
        "timeRequired": f"PT{page.reading_minutes}M",
    }
    if page.last_reviewed:
        data["lastReviewed"] = page.last_reviewed.isoformat()
    if page.medical_reviewer:
        data["reviewedBy"] = page.medical_reviewer.as_schema_person()
    if page.author:
        data["author"] = page.author.as_schema_person()
    if image := _image_url(request, page.share_image):
        data["image"] = image
    return [data, *faq_json_ld(page.question_blocks())]


def faq_json_ld(questions) -> list[dict]:
    """FAQPage for a page's Q&A blocks (none when it has none)."""
    if not questions:
        return []
    return [
        {
            "@context": SCHEMA,
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": str(question["question"]),
                    "acceptedAnswer": {
                        "@type": "Answer",
                        "text": rich_text_as_text(question["answer"]),
                    },
                }
                for question in questions
            ],
        }
    ]


def relief_method_json_ld(page, request, products) -> list[dict]:
    """HowTo with the method's ordered steps and the products that suit it as tools,
    plus FAQPage when its body has Q&A blocks."""
    data = {
        "@context": SCHEMA,
        "@type": "HowTo",
        "@id": _page_url(page, request),
        "url": _page_url(page, request),
        "name": page.seo_title or page.title,
        "description": page.search_description or page.teaser,
        "inLanguage": "en-GB",
        "step": [
            {
                "@type": "HowToStep",
                "position": position,
                "name": step.value["title"],
                "text": step.value["text"],
                "url": f"{_page_url(page, request)}#step-{position}",
            }
            for position, step in enumerate(page.steps, start=1)
        ],
    }
    if page.time_needed_minutes:
        data["totalTime"] = f"PT{page.time_needed_minutes}M"
    if products:
        data["tool"] = [
            {"@type": "HowToTool", "name": item.product.title} for item in products
        ]
    if image := _image_url(request, page.share_image):
        data["image"] = image
    return [data, *faq_json_ld(page.question_blocks())]
