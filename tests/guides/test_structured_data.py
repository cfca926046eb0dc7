"""JSON-LD, Open Graph and canonical tags, parsed the way a crawler would."""

import datetime
import json
import re

import pytest

from guides.models import ReliefMethodProduct

from .factories import (
    CauseFactory,
    ContributorFactory,
    GuidePageFactory,
    ReliefMethodPageFactory,
    stocked_product,
)

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict[str, dict]:
    """Every JSON-LD object on the page by @type; each must be valid JSON."""
    found = {}
    for raw in SCRIPT.findall(html):
        data = json.loads(raw)
        assert data["@context"] == "https://schema.org"
        found[data["@type"]] = data
    return found


def meta(html: str, prop: str) -> str | None:
    match = re.search(
        rf'<meta (?:property|name)="{re.escape(prop)}" content="([^"]*)"', html
    )
    return match.group(1) if match else None


@pytest.mark.django_db
def test_guide_is_a_reviewed_medical_web_page_with_faq(client):
    reviewer = ContributorFactory(name="Dr Ada Lind", job_title="Neurologist")
    cause = CauseFactory(name="Dehydration")
    guide = GuidePageFactory(
        title="Cramps and </script> water",
        medical_reviewer=reviewer,
        last_reviewed=datetime.date(2026, 2, 1),
        body=[
            {
                "type": "question",
                "value": {
                    "question": "Is water enough?",
                    "asker": "Anonymous customer",
                    "answer": "<p>Usually, <b>yes</b>.</p>",
                },
            }
        ],
    )
    guide.causes.add(cause)
    guide.save_revision().publish()
    guide.refresh_from_db()

    data = json_ld(client.get(guide.url).content.decode())

    page = data["MedicalWebPage"]
    assert page["headline"] == "Cramps and </script> water"
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Ada Lind",
        "jobTitle": "Neurologist",
    }
    assert page["lastReviewed"] == "2026-02-01"
    assert datetime.datetime.fromisoformat(page["dateModified"]) == (
        guide.last_published_at
    )
    assert page["about"] == [{"@type": "MedicalCondition", "name": "Dehydration"}]
    faq = data["FAQPage"]["mainEntity"]
    assert faq == [
        {
            "@type": "Question",
            "name": "Is water enough?",
            "acceptedAnswer": {"@type": "Answer", "text": "Usually, yes."},
        }
    ]
    crumbs = data["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Guides", guide.title]
    assert crumbs[-1]["item"].endswith(guide.url)


@pytest.mark.django_db
def test_guide_without_questions_has_no_faq_markup(client):
    data = json_ld(client.get(GuidePageFactory().url).content.decode())
    assert "FAQPage" not in data and "MedicalWebPage" in data


@pytest.mark.django_db
def test_relief_method_is_a_how_to_with_its_steps_and_tools(client):
    method = ReliefMethodPageFactory(title="Stretching", time_needed_minutes=5)
    ReliefMethodProduct.objects.create(
        page=method, product=stocked_product("Strap"), sort_order=0
    )

    data = json_ld(client.get(method.url).content.decode())

    how_to = data["HowTo"]
    assert how_to["name"] == "Stretching"
    assert how_to["totalTime"] == "PT5M"
    assert [(s["position"], s["name"]) for s in how_to["step"]] == [
        (1, "Sit down"),
        (2, "Stretch"),
    ]
    assert how_to["tool"] == [{"@type": "HowToTool", "name": "Strap"}]
    assert [c["name"] for c in data["BreadcrumbList"]["itemListElement"]] == [
        "Home",
        "Relief methods",
        "Stretching",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/guides/", "/relief/"])
def test_section_indexes_have_breadcrumbs_canonical_and_open_graph(client, path):
    html = client.get(path).content.decode()
    assert "BreadcrumbList" in json_ld(html)
    assert f'<link rel="canonical" href="http://localhost{path}">' in html
    assert meta(html, "og:url") == f"http://localhost{path}"
    assert meta(html, "og:type") == "website"


@pytest.mark.django_db
def test_guide_open_graph_uses_seo_fields_and_an_absolute_image(client):
    guide = GuidePageFactory(
        title="Night cramps",
        seo_title="Night leg cramps: causes and quick relief",
        search_description="Why calves cramp in bed.",
    )
    from home.demo_images import demo_image

    guide.social_image = demo_image("Share card", size=(400, 300))
    guide.save()
    html = client.get(guide.url).content.decode()
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Night leg cramps: causes and quick relief"
    assert meta(html, "og:description") == "Why calves cramp in bed."
    assert meta(html, "description") == "Why calves cramp in bed."
    assert meta(html, "og:image").startswith("http://testserver/media/")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert '<link rel="canonical" href="http://localhost/guides/' in html


@pytest.mark.django_db
def test_home_page_has_open_graph_but_no_single_item_breadcrumb(client):
    html = client.get("/").content.decode()
    assert meta(html, "og:title")
    assert "BreadcrumbList" not in json_ld(html)


@pytest.mark.django_db
def test_sitemap_lists_live_guides_and_methods_but_not_drafts(client):
    guide = GuidePageFactory(title="Listed guide")
    method = ReliefMethodPageFactory(title="Listed method")
    draft = GuidePageFactory(title="Draft guide", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://localhost{guide.url}</loc>" in xml
    assert f"<loc>http://localhost{method.url}</loc>" in xml
    assert draft.slug not in xml
