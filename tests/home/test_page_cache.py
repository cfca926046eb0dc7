"""The server-side page cache: hits, misses, stale copies, and exact purges.

Purges are proved twice: the recording backend shows which URLs went to Wagtail's
frontend cache (what Varnish or a CDN would get), and the next request shows the
page cache itself re-rendering.
"""

from decimal import Decimal

import pytest
from django.test import Client

from home.frontend_cache import RecordingBackend
from home.models import SiteSettings
from shop.inventory.services import adjust_stock, commit_sale, reserve
from tests.guides.factories import GuidePageFactory, stocked_product

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"


@pytest.fixture
def page_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "test-pages",
        },
        "fragments": settings.FRAGMENT_CACHE,
    }
    settings.PAGE_CACHE_ALIAS = "pages"
    settings.WAGTAILFRONTENDCACHE = {
        "pages": {"BACKEND": "home.frontend_cache.PageCacheBackend"},
        "record": {"BACKEND": "home.frontend_cache.RecordingBackend"},
    }
    from django.core.cache import caches

    caches["pages"].clear()
    RecordingBackend.reset()
    yield caches["pages"]
    caches["pages"].clear()
    RecordingBackend.reset()


@pytest.fixture
def shop(db):
    product = stocked_product("Wheat bag", on_hand=20)
    guide = GuidePageFactory(
        title="Night cramps",
        body=[
            {"type": "paragraph", "value": "<p>Warmth helps.</p>"},
            {"type": "product", "value": {"product": product.pk, "note": ""}},
        ],
    )
    guide.save_revision().publish()  # indexes its reference to the product
    RecordingBackend.reset()
    return product, guide


def purged() -> set[str]:
    return {url.removeprefix(ROOT) for url in RecordingBackend.purged}


def test_a_repeat_anonymous_request_is_served_from_the_cache(page_cache, shop):
    product, _ = shop
    first = Client().get(product.url)
    second = Client().get(product.url)
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert second["Cache-Control"] == first["Cache-Control"]
    assert "Age" in second


def test_a_reader_with_a_session_is_served_from_the_cache(page_cache, shop):
    product, _ = shop
    Client().get(product.url)
    shopper = Client()
    shopper.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": 1})
    assert shopper.get(product.url)["X-Cache"] == "HIT"


def test_signed_in_users_and_posts_bypass_the_cache(page_cache, shop, admin_user):
    product, _ = shop
    Client().get(product.url)
    editor = Client()
    editor.force_login(admin_user)
    response = editor.get(product.url)
    assert response["X-Cache"] == "PASS"
    assert b"wagtail-userbar" in response.content.lower() or b"userbar" in (
        response.content
    )
    assert b"userbar" not in Client().get(product.url).content


def test_query_strings_are_cached_apart_and_purged_with_their_path(page_cache, shop):
    assert Client().get("/guides/?area=calf")["X-Cache"] == "MISS"
    assert Client().get("/guides/?area=calf")["X-Cache"] == "HIT"
    assert Client().get("/guides/?area=foot")["X-Cache"] == "MISS"
    from home.page_cache import purge_path

    purge_path("/guides/")
    assert Client().get("/guides/?area=calf")["X-Cache"] == "MISS"


def test_a_stale_copy_is_served_when_the_page_cannot_be_rendered(
    page_cache, shop, monkeypatch
):
    _, guide = shop
    Client().get(guide.url)
    key = next(k for k in page_cache._cache if "page:id:" in k)
    entry = page_cache.get(key.split(":", 2)[-1])
    entry["stored"] -= entry["fresh_for"] + 1
    page_cache.set(key.split(":", 2)[-1], entry)

    from django.db import DatabaseError

    def database_down(*args, **kwargs):
        raise DatabaseError("connection refused")

    monkeypatch.setattr(type(guide), "get_context", database_down)
    response = Client(raise_request_exception=False).get(guide.url)
    assert response.status_code == 200
    assert response["X-Cache"] == "STALE"
    assert b"Night cramps" in response.content


def test_publishing_purges_the_page_its_listings_home_and_search(
    page_cache, shop, django_capture_on_commit_callbacks
):
    _, guide = shop
    Client().get(guide.url)
    guide.title = "Night cramps, explained"
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    assert {guide.url, "/guides/", "/", "/search/"} <= purged()
    assert "/shop/" not in purged()
    response = Client().get(guide.url)
    assert response["X-Cache"] == "MISS"
    assert b"Night cramps, explained" in response.content


def test_publishing_a_product_purges_the_guides_that_show_it(
    page_cache, shop, django_capture_on_commit_callbacks
):
    product, guide = shop
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    category = product.get_parent()
    assert {product.url, category.url, "/shop/", "/", guide.url, "/search/"} <= (
        purged()
    )


def test_unpublishing_moving_and_deleting_purge_old_places(
    page_cache, shop, django_capture_on_commit_callbacks
):
    product, guide = shop
    old_url = product.url
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    assert {old_url, guide.url, "/shop/"} <= purged()

    RecordingBackend.reset()
    other = stocked_product("Heat pad").get_parent()
    product.save_revision().publish()
    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        product.move(other, pos="last-child")
    product.refresh_from_db()
    assert {old_url, product.url, other.url} <= purged()

    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        guide.delete()
    assert {guide.url, "/guides/", "/"} <= purged()


def test_a_sale_that_flips_the_badge_purges_and_an_ordinary_sale_does_not(
    page_cache, shop, django_capture_on_commit_callbacks
):
    product, guide = shop
    variant = product.variants.get()
    with django_capture_on_commit_callbacks(execute=True):
        reserve(lines={variant.pk: 2}, reference="A-1")
        commit_sale(lines={variant.pk: 2}, reference="A-1")
    assert purged() == set(), "20 → 18 units: still 'In stock'"

    with django_capture_on_commit_callbacks(execute=True):
        adjust_stock(variant_id=variant.pk, delta=-14, reason="damaged")
    assert {product.url, guide.url, "/shop/", "/"} <= purged(), "now 'Only 4 left'"

    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        reserve(lines={variant.pk: 1}, reference="A-2")
    assert product.url in purged(), "'Only 4 left' → 'Only 3 left'"


def test_a_price_change_purges_the_product_everywhere(
    page_cache, shop, django_capture_on_commit_callbacks
):
    product, guide = shop
    variant = product.variants.get()
    variant.price = Decimal("17.50")
    with django_capture_on_commit_callbacks(execute=True):
        variant.save()
    assert {product.url, guide.url, "/shop/", "/search/"} <= purged()


def test_a_site_settings_change_purges_every_live_page(
    page_cache, shop, default_site, django_capture_on_commit_callbacks
):
    product, guide = shop
    settings_row = SiteSettings.for_site(default_site)
    settings_row.medical_disclaimer = "Educational only. See a doctor for red flags."
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.save()
    assert {"/", product.url, guide.url, "/guides/", "/relief/", "/shop/"} <= purged()


def test_nothing_is_purged_when_the_change_rolls_back(page_cache, shop):
    product, _ = shop
    variant = product.variants.get()
    variant.price = Decimal("1.00")
    variant.save()  # the test transaction never commits
    assert purged() == set()


def test_a_cached_page_answers_a_revalidation_with_304(page_cache, shop):
    product, _ = shop
    first = Client().get(product.url, HTTP_ACCEPT_ENCODING="gzip")
    assert first["X-Cache"] == "MISS"
    again = Client().get(
        product.url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again["X-Cache"] == "HIT"
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]
    other = Client().get(
        product.url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH='"stale"'
    )
    assert (other.status_code, other["X-Cache"]) == (200, "HIT")
    assert other.content == first.content


def test_a_query_string_hit_reads_the_cache_once(page_cache, shop, monkeypatch):
    client = Client()
    assert client.get("/shop/?area=calf")["X-Cache"] == "MISS"
    reads = []
    get, get_many = page_cache.get, page_cache.get_many

    def counted_get_many(*args, **kwargs):
        reads.append("get_many")
        # locmem's get_many calls get() once per key; Redis's sends one MGET.
        monkeypatch.setattr(page_cache, "get", get)
        try:
            return get_many(*args, **kwargs)
        finally:
            monkeypatch.setattr(page_cache, "get", counted_get)

    def counted_get(*args, **kwargs):
        reads.append("get")
        return get(*args, **kwargs)

    monkeypatch.setattr(page_cache, "get", counted_get)
    monkeypatch.setattr(page_cache, "get_many", counted_get_many)
    assert client.get("/shop/?area=calf")["X-Cache"] == "HIT"
    assert reads == ["get_many"]


def test_a_copy_rendered_while_its_path_was_purged_is_never_served(page_cache, shop):
    from django.test import RequestFactory

    from home.page_cache import lookup, purge_path, store

    request = RequestFactory().get("/shop/?area=calf")
    key, entry, version = lookup(page_cache, request)
    assert entry is None
    rendered = Client().get("/shop/?area=calf")  # stored under the same version
    purge_path("/shop/")  # an editor publishes while another render is running
    store(page_cache, key, rendered, 3600, version)  # that render finishes late
    assert lookup(page_cache, request)[1] is None
    assert Client().get("/shop/?area=calf")["X-Cache"] == "MISS"
