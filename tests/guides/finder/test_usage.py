"""Usage counts (the beacon), the staff report, the admin preview, the signposts
and who may edit the finder's logic."""

import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from guides.finder.models import FinderDailyCount
from shop.cart.models import Cart
from shop.cart.services import add_to_cart
from tests.factories import stocked_variant
from tests.guides.factories import GuidePageFactory, ReliefMethodPageFactory
from tests.shop.checkout.fixtures import site_settings  # noqa: F401
from tests.shop.staff.conftest import assert_refused, role_client, roles  # noqa: F401
from tests.shop.staff.orders_helpers import paid_order

from .conftest import ALL_CLEAR, NIGHT_AND_EXERCISE

COUNT_URL = "/finder-count/"


def beacon(client, pairs=(), **headers):
    pairs = list(pairs.items() if isinstance(pairs, dict) else pairs)
    query = f"?{urlencode(pairs)}" if pairs else ""
    return client.post(
        COUNT_URL,
        json.dumps({"query": query}),
        content_type="application/json",
        **headers,
    )


def counted() -> dict:
    return {
        (row.event, row.key): row.count
        for row in FinderDailyCount.objects.filter(day=timezone.localdate())
    }


def test_the_beacon_counts_starts_stops_completions_and_causes(client, logic):
    beacon(client)
    beacon(client)
    beacon(client, ALL_CLEAR)  # an intermediate step counts nothing
    beacon(client, {"rf-swollen-calf": "yes"})
    beacon(client, NIGHT_AND_EXERCISE)
    beacon(client, {"area": "elbow"})  # tampered: the restart is not a start
    assert counted() == {
        ("start", ""): 2,
        ("red_flag", "swollen-calf"): 1,
        ("complete", ""): 1,
        ("cause", "poor-circulation"): 1,
        ("cause", "dehydration"): 1,
        ("cause", "poor-recovery"): 1,
    }


def test_the_beacon_refuses_get_cross_site_and_junk(client, logic):
    assert client.get(COUNT_URL).status_code == 405
    assert beacon(client, HTTP_ORIGIN="https://evil.example").status_code == 400
    junk = client.post(COUNT_URL, "[1", content_type="application/json")
    assert junk.status_code == 400
    assert not FinderDailyCount.objects.exists()


def test_report_shows_usage_and_the_finder_pages_carts_and_revenue(
    role_client,  # noqa: F811
    site_settings,  # noqa: F811
    client,
    finder_page,
):
    beacon(client)
    beacon(client, {"rf-chest-pain": "yes"})
    beacon(client, NIGHT_AND_EXERCISE)
    variant = stocked_variant(on_hand=20, price=Decimal("12.50"))
    cart = Cart.objects.create()
    add_to_cart(cart=cart, variant_id=variant.pk, quantity=1, source_page=finder_page)
    order = paid_order(site_settings, [(variant, 2)])
    order.lines.update(source_page=finder_page)

    response = role_client("manager").get(reverse("report_finder:index"))
    assert response.status_code == 200
    today = next(
        row
        for row in response.context["object_list"]
        if row["day"] == timezone.localdate()
    )
    assert (today["starts"], today["completions"], today["red_flag_stops"]) == (
        1,
        1,
        1,
    )
    assert today["add_to_carts"] == 1
    assert (today["orders"], today["revenue"]) == (1, Decimal("25.00"))
    html = response.text
    assert "Do you have chest pain or tightness" in html  # stops per flag
    assert "Poor circulation" in html  # causes shown
    export = b"".join(
        role_client("manager")
        .get(reverse("report_finder:index"), {"export": "csv"})
        .streaming_content
    ).decode()
    assert "Stopped by a red flag" in export and "@" not in export


def test_the_report_is_for_shop_managers_only(role_client, logic):  # noqa: F811
    assert_refused(role_client("marketer").get(reverse("report_finder:index")))
    assert_refused(role_client("stock").get(reverse("report_finder:index")))


def test_admin_preview_shows_the_full_ranking_with_fired_rules(admin_client, logic):
    url = reverse("finder_preview:index")
    blank = admin_client.get(url)
    assert blank.status_code == 200 and "Where is the cramp or spasm?" in blank.text
    answers = [(k, v) for k, v in NIGHT_AND_EXERCISE if not k.startswith("rf-")]
    html = admin_client.get(url, answers).text
    assert html.index("Poor circulation") < html.index("Dehydration")
    assert "At night or in bed → 3: Lying still slows the blood" in html
    assert "(not shown)" in html  # overuse and electrolytes score, below the top 3


def test_marketers_edit_the_finders_logic(role_client, logic):  # noqa: F811
    marketer = role_client("marketer")
    for model in ("redflag", "finderquestion", "causeprofile"):
        listing = marketer.get(reverse(f"wagtailsnippets_finder_{model}:list"))
        assert listing.status_code == 200, model
    assert marketer.get(reverse("finder_preview:index")).status_code == 200


@pytest.mark.parametrize("where", ["home", "search", "guide", "method"])
def test_every_entry_point_links_to_the_finder(client, finder_page, where):
    if where == "home":
        address = "/"
    elif where == "search":
        address = "/search/?q=zzzqqqxxx"
    elif where == "guide":
        guide = GuidePageFactory()
        address = guide.url
    else:
        address = ReliefMethodPageFactory().url
    html = client.get(address).content.decode()
    assert f'href="{finder_page.url}"' in html, where
    if where == "method":
        assert "Not sure this is the right method?" in html


def test_no_signpost_while_the_finder_is_not_live(client, finder_page):
    finder_page.unpublish()
    assert f'href="{finder_page.url}"' not in client.get("/").content.decode()


def test_no_signpost_while_the_finder_is_private(client, finder_page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=finder_page, restriction_type=PageViewRestriction.LOGIN
    )
    assert f'href="{finder_page.url}"' not in client.get("/").content.decode()


@pytest.mark.parametrize("model", ["redflag", "finderquestion", "causeprofile"])
def test_each_snippet_opens_for_editing_in_the_admin(admin_client, logic, model):
    from guides.finder import models

    instance = {
        "redflag": models.RedFlag,
        "finderquestion": models.FinderQuestion,
        "causeprofile": models.CauseProfile,
    }[model].objects.first()
    edit = reverse(f"wagtailsnippets_finder_{model}:edit", args=[instance.pk])
    response = admin_client.get(edit)
    assert response.status_code == 200
    assert "Last medical review" in response.text


def test_a_question_may_not_take_a_query_key_the_finder_uses(logic):
    from django.core.exceptions import ValidationError

    from guides.finder.models import FinderQuestion

    for slug in ("step", "rf-sneaky"):
        question = FinderQuestion(slug=slug, step="when", prompt="?")
        with pytest.raises(ValidationError):
            question.clean()
