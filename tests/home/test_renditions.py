"""Renditions are made when an image is saved, for every size the templates use, so
a reader's request never makes one."""

import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.images.models import Rendition

from home.demo_images import demo_image
from home.renditions import template_specs
from tests.guides.factories import GuidePageFactory, stocked_product

pytestmark = pytest.mark.django_db


def test_the_sizes_come_from_the_templates():
    specs = template_specs()
    # The guide hero, the product gallery and its thumbnails, and the share image.
    assert {
        "format-avif|fill-1200x600",
        "format-webp|fill-600x450",
        "fill-120x90|format-webp",
        "fill-1200x630",
    } <= set(specs)
    assert all("{" not in spec and "=" not in spec for spec in specs)


def test_saving_an_image_makes_every_size_and_readers_make_none(
    settings, django_capture_on_commit_callbacks
):
    settings.PREGENERATE_RENDITIONS = True
    # Wagtail looks renditions up in the default cache first; an earlier test's
    # image with the same primary key must not answer for this one.
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        hero = demo_image("Calf at rest", size=(1600, 1000))
        guide = GuidePageFactory(title="Calf cramps", hero_image=hero)
        product = stocked_product("Foam roller", image_size=(1600, 1200))
    made = Rendition.objects.count()
    assert Rendition.objects.filter(image=hero).count() == len(template_specs())

    for url in (guide.url, "/guides/", product.url, product.get_parent().url):
        assert Client().get(url).status_code == 200
    assert Rendition.objects.count() == made, "a request made a rendition"


def test_without_pregenerated_renditions_a_page_still_renders():
    hero = demo_image("Night stretch", size=(800, 500))
    guide = GuidePageFactory(title="Night stretch", hero_image=hero)
    assert not Rendition.objects.filter(image=hero).exists()
    response = Client().get(guide.url)
    assert response.status_code == 200
    assert b"fill-800x400" in response.content, "the hero is made on the request"
