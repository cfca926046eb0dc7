import pytest
from django.urls import reverse

from guides.models import GuideIndexPage, PopularGuide

from .factories import (
    GuidePageFactory,
    ReliefMethodPageFactory,
    paragraph,
    stocked_product,
)


@pytest.fixture
def indexed(db):
    GuidePageFactory(title="Calf cramps at night", teaser="The calf locks up.")
    GuidePageFactory(title="Calf cramps in runners", teaser="Tired calves.")
    ReliefMethodPageFactory(title="Calf stretching", teaser="Lengthen the calf.")
    stocked_product("Calf massage roller")
    GuidePageFactory(
        title="Neck spasms", teaser="Stiff neck.", body=[paragraph("Turn slowly.")]
    )


def test_results_are_grouped_by_kind_with_type_labels(client, indexed):
    response = client.get(reverse("search"), {"q": "calf"})
    assert response.status_code == 200
    groups = {g["kind"].key: g for g in response.context["groups"]}
    assert set(groups) == {"guides", "relief", "products"}
    assert groups["guides"]["count"] == 2
    assert [p.title for p in groups["relief"]["results"]] == ["Calf stretching"]
    assert [p.title for p in groups["products"]["results"]] == ["Calf massage roller"]
    html = response.content.decode()
    assert html.index(">Guides <") < html.index(">Relief methods <")
    assert html.index(">Relief methods <") < html.index(">Products <")
    for label in ("Guide</span>", "Relief method</span>", "Product</span>"):
        assert label in html
    assert "Neck spasms" not in html


def test_one_kind_is_paginated(client, db):
    for n in range(12):
        GuidePageFactory(title=f"Cramp guide {n}", teaser="cramp")
    first = client.get(reverse("search"), {"q": "cramp", "kind": "guides"})
    assert len(first.context["search_results"]) == 10
    assert 'href="?q=cramp&amp;kind=guides&amp;page=2"' in first.content.decode()
    second = client.get(
        reverse("search"), {"q": "cramp", "kind": "guides", "page": "2"}
    )
    assert len(second.context["search_results"]) == 2
    overview = client.get(reverse("search"), {"q": "cramp"})
    assert "See all 12 guides" in overview.content.decode()


def test_no_results_suggests_the_popular_guides(client, db):
    picked = GuidePageFactory(title="Editors' favourite")
    index = GuideIndexPage.objects.get()
    PopularGuide.objects.create(page=index, guide=picked, sort_order=0)
    GuidePageFactory(title="Newest guide")
    response = client.get(reverse("search"), {"q": "xylophone"})
    html = response.content.decode()
    assert "Nothing matched “xylophone”" in html
    assert "Popular guides you might find useful" in html
    titles = [page.title for page in response.context["popular_guides"]]
    assert titles[0] == "Editors' favourite" and "Newest guide" in titles


@pytest.mark.parametrize(
    "query",
    [
        '"AND(*',
        "NOT calf",
        "NEAR(a b)",
        "calf*",
        "don't",
        "\x00calf",
        "’quoted’",
        "a" * 5000,
        "%",
        "^$",
    ],
)
def test_odd_queries_never_fail(client, indexed, query):
    response = client.get(reverse("search"), {"q": query, "kind": "guides"})
    assert response.status_code == 200


def test_unknown_kind_and_bad_page_fall_back(client, indexed):
    response = client.get(reverse("search"), {"q": "calf", "kind": "x", "page": "-3"})
    assert response.status_code == 200
    assert response.context["selected_kind"] is None
