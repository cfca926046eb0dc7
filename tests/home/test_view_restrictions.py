"""View restrictions cost no query while none exist, and still hold once one does."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.frontend_cache import RecordingBackend
from home.view_restrictions import (
    FLAG_KEY,
    PublicPageQuerySet,
    any_restriction_exists,
)
from tests.guides.factories import GuidePageFactory

from .test_page_cache import page_cache, purged  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def restriction_queries(callable_) -> int:
    """Reads of the restriction table of their own (a join that leaves restricted
    pages out of a page query is no extra round trip)."""
    with CaptureQueriesContext(connection) as queries:
        callable_()
    return sum('FROM "wagtailcore_pageviewrestriction"' in q["sql"] for q in queries)


def test_without_any_restriction_serving_and_public_querysets_skip_the_table():
    guide = GuidePageFactory(title="Night cramps")
    assert any_restriction_exists() is False  # worked out once, then cached
    assert restriction_queries(lambda: Client().get(guide.url)) == 0
    assert restriction_queries(lambda: list(guide.get_view_restrictions())) == 0
    public = PublicPageQuerySet(Page).live().public()
    assert restriction_queries(lambda: list(public)) == 0
    assert guide.pk in {page.pk for page in public}


def test_a_new_restriction_is_enforced_at_once_and_purges_the_cached_copy(
    page_cache,  # noqa: F811 - fixture
    django_capture_on_commit_callbacks,
):
    guide = GuidePageFactory(title="Members only")
    child = GuidePageFactory(title="Also members only", parent=guide)
    reader = Client()
    assert reader.get(guide.url)["X-Cache"] == "MISS"
    assert reader.get(guide.url)["X-Cache"] == "HIT"
    RecordingBackend.reset()

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=guide, restriction_type=PageViewRestriction.LOGIN
        )

    assert any_restriction_exists() is True
    assert {guide.url, child.url} <= purged()
    for url in (guide.url, child.url):
        response = reader.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    assert guide.pk not in set(
        Page.objects.live().public().values_list("pk", flat=True)
    )
    assert guide.pk not in {page.pk for page in PublicPageQuerySet(Page).public()}


def test_removing_the_last_restriction_clears_the_flag_after_commit(
    django_capture_on_commit_callbacks,
):
    guide = GuidePageFactory(title="Members only")
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )
    assert any_restriction_exists() is True
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert any_restriction_exists() is False
    assert Client().get(guide.url).status_code == 200


def test_a_reader_recomputing_the_flag_never_overwrites_an_editors_true():
    from django.core.cache import cache

    # An editor's save lands between a reader's miss and the reader's write.
    cache.set(FLAG_KEY, True)
    cache.add(FLAG_KEY, False)
    assert any_restriction_exists() is True


def test_product_pages_and_listings_read_no_restriction_while_none_exists(client):
    from tests.guides.factories import stocked_product

    product = stocked_product("Wheat bag")
    client.get(product.url)  # renditions
    assert restriction_queries(lambda: client.get(product.url)) == 0
    assert restriction_queries(lambda: client.get("/shop/")) == 0


def test_a_restriction_loaded_from_a_fixture_turns_the_flag_on_too():
    from django.core.cache import cache
    from django.db.models.signals import post_save

    guide = GuidePageFactory(title="Members only")
    assert any_restriction_exists() is False
    restriction = PageViewRestriction(
        page=guide, restriction_type=PageViewRestriction.LOGIN
    )
    # What `loaddata` sends: a raw save, with no purge (no page tree to read).
    post_save.send(
        sender=PageViewRestriction, instance=restriction, created=True, raw=True
    )
    assert cache.get(FLAG_KEY) is True
