"""The sign-up boxes sit on cached pages; the free guide page is an editors' page."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from guides.newsletter.models import FreeGuidePage
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_the_footer_box_keeps_every_page_cacheable(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert 'action="/newsletter/subscribe/"' in html
    assert '<input type="hidden" name="csrfmiddlewaretoken" value="">' in html
    assert 'name="source" value="/"' in html
    assert response["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in response
    assert "Cookie" not in response.get("Vary", "")


def test_the_footer_box_costs_no_query(client, home_page, django_assert_num_queries):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/guides/")
    # The footer has looked the policy pages up already (once per request).
    request._policy_pages = {}
    template = Template('{% load newsletter_tags %}{% newsletter_signup "footer" %}')
    with django_assert_num_queries(0):
        html = template.render(Context({"request": request, "page": home_page}))
    assert "Free guide: a 5-minute routine" in html
    assert 'name="source" value="/guides/"' in html


def test_a_box_outside_content_pages_records_the_route_not_the_path(db):
    """An order page's path holds its reference, a confirmation page's a key:
    the consent record gets the route pattern instead."""
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.urls import resolve

    request = RequestFactory().get("/orders/UK-SECRET-REF/")
    request.resolver_match = resolve("/orders/UK-SECRET-REF/")
    request._policy_pages = {}
    template = Template('{% load newsletter_tags %}{% newsletter_signup "footer" %}')
    html = template.render(Context({"request": request}))
    assert "UK-SECRET-REF" not in html
    assert 'name="source" value="/orders/&lt;str:reference&gt;/"' in html


def test_the_free_guide_page_shows_its_steps_and_names_itself_in_the_box(
    client, free_guide
):
    response = client.get(free_guide.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Calf stretch against a wall" in html
    assert f'name="guide" value="{free_guide.pk}"' in html
    assert response["Cache-Control"].startswith("public")


def test_the_demo_free_guide_loads_once(free_guide):
    from guides.newsletter import demo

    assert demo.load(stdout=open("/dev/null", "w")) == free_guide  # noqa: SIM115
    assert FreeGuidePage.objects.count() == 1


class TestFreeGuidePageForEditors(WagtailPageTestCase):
    def test_it_lives_under_the_home_page_only(self):
        self.assertAllowedParentPageTypes(FreeGuidePage, {HomePage})
        self.assertAllowedSubpageTypes(FreeGuidePage, set())

    def test_the_demo_page_renders(self):
        from guides.newsletter import demo

        page = demo.load(stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertPageIsRenderable(page)
