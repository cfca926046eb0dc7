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


def search_queries(client, params) -> tuple[int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("search"), params)  # warm Wagtail's site and settings lookups
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return len(queries), response


def test_search_costs_the_same_queries_for_5_and_60_matching_products(client, db):
    GuidePageFactory(title="Roller guide", teaser="How to use a roller.")
    for n in range(5):
        stocked_product(f"Foam roller {n}")
    few, response = search_queries(client, {"q": "roller"})
    assert response.context["total"] == 6
    for n in range(5, 60):
        stocked_product(f"Foam roller {n}")
    many, response = search_queries(client, {"q": "roller"})
    assert response.context["total"] == 61
    assert few == many
    assert many <= 15


def test_a_deep_page_costs_what_the_first_page_costs(client, db):
    for n in range(45):
        stocked_product(f"Massage ball {n}")
    first, response = search_queries(client, {"q": "massage", "kind": "products"})
    assert len(response.context["search_results"]) == 10
    deep, response = search_queries(
        client, {"q": "massage", "kind": "products", "page": "5"}
    )
    assert len(response.context["search_results"]) == 5
    assert first == deep
    shown = {p.title for p in response.context["search_results"]}
    everything = {f"Massage ball {n}" for n in range(45)}
    assert shown < everything  # the last five, none repeated from earlier pages


def test_pages_of_one_kind_hold_every_match_once(client, db):
    for n in range(23):
        GuidePageFactory(title=f"Cramp guide {n}", teaser="cramp")
    seen = []
    for page in ("1", "2", "3"):
        response = client.get(
            reverse("search"), {"q": "cramp", "kind": "guides", "page": page}
        )
        seen += [p.title for p in response.context["search_results"]]
    assert sorted(seen) == sorted(f"Cramp guide {n}" for n in range(23))


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(client, db):
    GuidePageFactory(
        title="Why muscles seize",
        teaser="Often it is dehydration, sometimes more.",
        body=[paragraph("Dehydration and heat.")],
    )
    GuidePageFactory(title="Dehydration", teaser="Too little water and salt.")
    response = client.get(reverse("search"), {"q": "dehydration"})
    (guides,) = [g for g in response.context["groups"] if g["kind"].key == "guides"]
    assert [p.title for p in guides["results"]] == [
        "Dehydration",
        "Why muscles seize",
    ]


def test_a_health_question_shows_guides_before_products(client, db):
    GuidePageFactory(title="Calf cramp at night", teaser="Why the calf cramps.")
    stocked_product("Calf cramp relief roller")
    response = client.get(reverse("search"), {"q": "calf cramp"})
    groups = {g["kind"].key: g for g in response.context["groups"]}
    assert [p.title for p in groups["guides"]["results"]] == ["Calf cramp at night"]
    assert [p.title for p in groups["products"]["results"]] == [
        "Calf cramp relief roller"
    ]
    html = response.content.decode()
    assert html.index("Calf cramp at night") < html.index("Calf cramp relief roller")


def test_unpublished_and_private_pages_are_not_counted(client, db):
    from wagtail.models import PageViewRestriction

    shown = GuidePageFactory(title="Cramp basics")
    hidden = GuidePageFactory(title="Cramp draft")
    hidden.unpublish()
    private = GuidePageFactory(title="Cramp members")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(reverse("search"), {"q": "cramp"})
    assert response.context["total"] == 1
    assert [p.pk for p in response.context["groups"][0]["results"]] == [shown.pk]


def test_a_search_reads_no_restriction_while_the_site_has_none(client, indexed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("search"), {"q": "calf"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "calf", "page": "1"})
    assert response.context["total"] == 4
    assert not [q for q in queries if "wagtailcore_pageviewrestriction" in q["sql"]]


def test_every_match_is_found_and_a_body_only_match_comes_last(client, db):
    GuidePageFactory(title="Stretch the neck", teaser="A stiff neck.")
    GuidePageFactory(title="Stretch after a run", teaser="What worked.")
    GuidePageFactory(title="Sleep", teaser="Stretch before bed.")
    response = client.get(reverse("search"), {"q": "stretch", "kind": "guides"})
    titles = [p.title for p in response.context["search_results"]]
    assert sorted(titles) == ["Sleep", "Stretch after a run", "Stretch the neck"]
    assert titles[-1] == "Sleep"  # the only one with the word in its body alone


def ranking_queries(client, query: str) -> tuple[list[str], object]:
    """The SQL of each query a search made on the search index, and the response."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": query})
    ranking = [  # a full-text match: FTS5's MATCH or PostgreSQL's @@
        q["sql"] for q in queries if " MATCH " in q["sql"] or " @@ " in q["sql"]
    ]
    return ranking, response


def test_the_ranking_query_reads_no_page_row_per_match(client, indexed):
    """The visible pages' ids are kept per tree generation, so the ranking query
    checks no match against the page table."""
    client.get(reverse("search"), {"q": "calf"})  # the first search keeps the ids
    ranking, response = ranking_queries(client, "calf")
    assert response.context["total"] == 4
    assert len(ranking) == 1
    assert "wagtailcore_page" not in ranking[0]


def test_what_search_shows_follows_each_change_to_the_tree(client, db):
    """Publishing, unpublishing, restricting, deleting and saving a live page each
    show on the very next search, though the visible pages' ids are kept."""
    from wagtail.models import PageViewRestriction

    def found() -> set[str]:
        response = client.get(reverse("search"), {"q": "cramp", "kind": "guides"})
        return {page.title for page in response.context["search_results"] or []}

    first = GuidePageFactory(title="Cramp basics")
    second = GuidePageFactory(title="Cramp at night")
    assert found() == {"Cramp basics", "Cramp at night"}

    GuidePageFactory(title="Cramp in runners")
    assert found() == {"Cramp basics", "Cramp at night", "Cramp in runners"}

    second.unpublish()
    assert found() == {"Cramp basics", "Cramp in runners"}

    second.refresh_from_db()
    second.save_revision().publish()
    assert found() == {"Cramp basics", "Cramp at night", "Cramp in runners"}

    restriction = PageViewRestriction.objects.create(
        page=first, restriction_type=PageViewRestriction.LOGIN
    )
    assert found() == {"Cramp at night", "Cramp in runners"}
    restriction.delete()
    assert found() == {"Cramp basics", "Cramp at night", "Cramp in runners"}

    second.refresh_from_db()
    second.delete()
    assert found() == {"Cramp basics", "Cramp in runners"}
