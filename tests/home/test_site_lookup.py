"""Page views read the site, its home page and its settings from the tree cache, and
an editor's change to any of them shows on the very next request."""

import re

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from home.models import SiteSettings
from home.site_lookup import site_lookup
from tests.guides.factories import GuidePageFactory

pytestmark = pytest.mark.django_db

SITE_TABLES = ('"wagtailcore_site"', '"home_homepage"', '"home_sitesettings"')


def get(url: str) -> tuple[list[str], str]:
    """The SQL of one anonymous request, and the page's HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return [q["sql"] for q in queries], response.content.decode()


def site_queries(sql: list[str]) -> list[str]:
    return [q for q in sql if any(f"FROM {table}" in q for table in SITE_TABLES)]


def test_a_repeat_page_view_reads_no_site_home_page_or_settings_row():
    guide = GuidePageFactory(title="Night cramps")
    first, _ = get(guide.url)
    again, _ = get(guide.url)
    assert len(site_queries(first)) == 3
    assert site_queries(again) == []


def test_a_settings_change_shows_on_the_next_request(default_site):
    guide = GuidePageFactory(title="Night cramps")
    get(guide.url)
    settings = SiteSettings.for_site(default_site)
    settings.medical_disclaimer = "Ask your doctor before anything else."
    settings.save()
    _, html = get(guide.url)
    assert "Ask your doctor before anything else." in html


def test_a_published_home_page_change_shows_on_the_next_request(home_page):
    get("/")
    home_page.hero_title = "Loosen the knot tonight"
    home_page.save_revision().publish()
    _, html = get("/")
    assert "Loosen the knot tonight" in html


def test_a_site_change_shows_on_the_next_request(default_site):
    request = RequestFactory().get("/")
    assert site_lookup(request).site.site_name == default_site.site_name
    default_site.site_name = "Unknot (renamed)"
    default_site.save()
    assert site_lookup(request).site.site_name == "Unknot (renamed)"


def test_each_request_gets_its_own_copy(default_site):
    request = RequestFactory().get("/")
    first, second = site_lookup(request), site_lookup(request)
    assert first.site.pk == second.site.pk == default_site.pk
    assert first.site is not second.site
    assert first.site.root_page is not second.site.root_page
    # The home page comes as its specific object: routing needs no query for it.
    with CaptureQueriesContext(connection) as queries:
        assert first.site.root_page.specific is first.site.root_page
    assert len(queries) == 0


def test_page_links_read_the_site_root_paths_from_the_lookup(monkeypatch):
    from django.core.cache import cache

    guide = GuidePageFactory(title="Night cramps")
    get(guide.url)
    keys = []
    original = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: keys.append(key) or original(key, *a, **k)
    )
    _, html = get(guide.url)
    assert re.search(rf'<link rel="canonical" href="http[^"]+{guide.url}">', html)
    assert "wagtail_site_root_paths" not in keys
