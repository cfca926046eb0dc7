"""The demo content (slow to build: images and revisions), checked in two passes."""

from io import StringIO

import pytest
from django.core.management import call_command

from guides import demo_content
from guides.models import Cause, GuidePage, ReliefMethodPage
from shop.catalogue.models import BodyArea

from .factories import stocked_product


@pytest.mark.django_db
def test_demo_content_matches_the_brief_and_links_products_as_they_arrive():
    call_command("load_demo", stdout=StringIO())

    assert GuidePage.objects.live().count() >= 8
    assert ReliefMethodPage.objects.live().count() >= 8
    assert Cause.objects.count() == len(demo_content.CAUSES) >= 12
    assert {a.slug for a in BodyArea.objects.all()} >= {
        "neck",
        "upper-back",
        "lower-back",
        "arm-hand",
        "thigh",
        "calf",
        "foot",
    }
    for guide in GuidePage.objects.live():
        kinds = {block.block_type for block in guide.body}
        assert {"red_flag", "question"} <= kinds, guide.slug
        assert guide.hero_image and guide.medical_reviewer and guide.last_reviewed
        assert guide.causes.exists() and guide.body_areas.exists()
        assert guide.method_links.exists() and guide.sources.exists()
    stretching = ReliefMethodPage.objects.get(slug="stretching")
    assert [link.product.title for link in stretching.suitable_products.all()] == [
        "Stretching strap with loops",
        "Stretch and yoga mat",
    ]
    for method in ReliefMethodPage.objects.exclude(
        slug__in=["walking-it-off", "hydration-and-electrolytes"]
    ):
        assert method.suitable_products.exists(), method.slug
    walking = ReliefMethodPage.objects.get(slug="walking-it-off")
    assert not walking.suitable_products.exists() and walking.no_products_text

    # A product the catalogue adds later is linked on the next run; nothing doubles.
    stocked_product("Electrolyte tablets")
    call_command("load_demo", stdout=StringIO())
    hydration = ReliefMethodPage.objects.get(slug="hydration-and-electrolytes")
    assert [link.product.title for link in hydration.suitable_products.all()] == [
        "Electrolyte tablets"
    ]
    assert stretching.suitable_products.count() == 2
    assert GuidePage.objects.count() == len(demo_content.GUIDES)


@pytest.mark.django_db
def test_demo_reader_journey_pages_render(client):
    call_command("load_demo", stdout=StringIO())
    home = client.get("/").content.decode()
    assert "Start here" in home and "What helps" in home
    guide = client.get("/guides/night-leg-cramps/").content.decode()
    assert "See a doctor if…" in guide and "Anonymous customer asks" in guide
    assert 'href="/relief/self-massage/"' in guide
    method = client.get("/relief/self-massage/").content.decode()
    assert "Smooth foam roller" in method and "Add to cart" in method
    assert client.get("/relief/walking-it-off/").status_code == 200
    assert client.get("/guides/?area=calf").status_code == 200
