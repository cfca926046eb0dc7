import datetime

import pytest
from django.utils import timezone

from guides.models import GUIDES_PER_PAGE, GuidePage
from tests.factories import BodyAreaFactory

from .factories import CauseFactory, GuidePageFactory, ReliefMethodPageFactory


def published(title, days_ago, *, areas=(), causes=()):
    guide = GuidePageFactory(title=title)
    guide.body_areas.set(areas)
    guide.causes.set(causes)
    guide.save()
    when = timezone.now() - datetime.timedelta(days=days_ago)
    GuidePage.objects.filter(pk=guide.pk).update(first_published_at=when)
    return guide


def titles(response) -> list[str]:
    return [guide.title for guide in response.context["guides"]]


@pytest.fixture
def library(db):
    calf = BodyAreaFactory(slug="calf", name="Calf")
    neck = BodyAreaFactory(slug="neck", name="Neck")
    heat = CauseFactory(slug="heat", name="Heat")
    stress = CauseFactory(slug="stress", name="Stress")
    published("Old calf heat", 30, areas=[calf], causes=[heat])
    published("New calf", 1, areas=[calf])
    published("Neck stress", 10, areas=[neck], causes=[stress])
    published("Calf stress", 5, areas=[calf], causes=[stress])
    return {"calf": calf, "neck": neck, "heat": heat, "stress": stress}


def test_guides_are_listed_newest_first_with_teaser_and_read_more(client, library):
    response = client.get("/guides/")
    assert titles(response) == [
        "New calf",
        "Calf stress",
        "Neck stress",
        "Old calf heat",
    ]
    html = response.content.decode()
    assert "Why it happens and what helps." in html
    assert html.count("Read more") == 4


def test_filter_by_body_area(client, library):
    assert titles(client.get("/guides/", {"area": "calf"})) == [
        "New calf",
        "Calf stress",
        "Old calf heat",
    ]


def test_filter_by_cause_shows_its_summary_and_red_flag(client, library):
    response = client.get("/guides/", {"cause": "stress"})
    assert titles(response) == ["Calf stress", "Neck stress"]
    html = response.content.decode()
    assert "Why some muscles tighten on their own." in html
    assert "See a doctor if it keeps happening." in html
    assert "What helps:" not in html  # no relief method names this cause yet
    method = ReliefMethodPageFactory(title="Warm bath")
    method.causes.add(library["stress"])
    method.save()
    html = client.get("/guides/", {"cause": "stress"}).content.decode()
    assert f'<a href="{method.url}">Warm bath</a>' in html


def test_filters_combine_and_make_shareable_urls(client, library):
    response = client.get("/guides/", {"area": "calf", "cause": "stress"})
    assert titles(response) == ["Calf stress"]
    html = response.content.decode()
    assert '<option value="calf" selected>' in html
    assert '<option value="stress" selected>' in html
    assert 'href="http://localhost/guides/?area=calf&amp;cause=stress"' in html


def test_unknown_or_hostile_filters_are_ignored_with_a_notice(client, library):
    for params in (
        {"area": "elbow"},
        {"cause": "<script>alert(1)</script>"},
        {"area": "calf\x00"},
        {"area": "x" * 5000},
        {"cause": ["heat", "stress"]},
    ):
        response = client.get("/guides/", params)
        assert response.status_code == 200, params
        assert b"<script>alert" not in response.content
    assert (
        "could not find that filter"
        in client.get("/guides/", {"area": "elbow"}).content.decode()
    )


@pytest.mark.parametrize("number", ["0", "-1", "abc", "999", "", "1.5", "\x00"])
def test_bad_page_numbers_never_fail(client, library, number):
    response = client.get("/guides/", {"page": number})
    assert response.status_code == 200
    assert len(titles(response)) == 4


@pytest.mark.django_db
def test_listing_paginates_and_keeps_the_filter(client):
    calf = BodyAreaFactory(slug="calf", name="Calf")
    for n in range(GUIDES_PER_PAGE + 2):
        published(f"Calf guide {n:02d}", n, areas=[calf])
    published("Other", 0)

    first = client.get("/guides/", {"area": "calf"})
    assert len(titles(first)) == GUIDES_PER_PAGE
    assert 'href="?area=calf&amp;page=2"' in first.content.decode()
    second = client.get("/guides/", {"area": "calf", "page": 2})
    assert titles(second) == ["Calf guide 12", "Calf guide 13"]


def test_no_matching_guides_shows_an_empty_state(client, library):
    response = client.get("/guides/", {"area": "neck", "cause": "heat"})
    assert response.status_code == 200
    assert "No guides match these filters yet" in response.content.decode()


def test_relief_index_filters_by_cause(client, library):
    stretch = ReliefMethodPageFactory(title="Stretching")
    stretch.causes.set([library["heat"]])
    stretch.save()
    ReliefMethodPageFactory(title="Warm bath")
    everything = client.get("/relief/")
    assert [m.title for m in everything.context["methods"]] == [
        "Stretching",
        "Warm bath",
    ]
    only_heat = client.get("/relief/", {"cause": "heat"})
    assert [m.title for m in only_heat.context["methods"]] == ["Stretching"]
    assert client.get("/relief/", {"cause": "\x00'"}).status_code == 200
