"""Cache headers page by page: public pages are the same for every anonymous reader
(a cart and a session change nothing), per-visitor pages are never stored."""

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import PageViewRestriction

from home.models import HomePage, PolicyPage
from tests.guides.factories import (
    GuidePageFactory,
    ReliefMethodPageFactory,
    stocked_product,
)

pytestmark = pytest.mark.django_db

PRIVATE = {"private", "no-store"}


def directives(response) -> dict[str, str]:
    parsed = {}
    for part in response.get("Cache-Control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            parsed[name] = value
    return parsed


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v}


@pytest.fixture
def site_pages(db):
    product = stocked_product("Wheat bag")
    method = ReliefMethodPageFactory(title="Warm compress")
    # Published, as live pages are: a page never published dates its JSON-LD "now".
    guide = GuidePageFactory(title="Night cramps", last_published_at=timezone.now())
    terms = PolicyPage(
        title="Terms", kind="terms", version="2026-11", body="<p>Our terms.</p>"
    )
    HomePage.objects.get(depth=2).add_child(instance=terms)
    return {
        "policy page": terms.url,
        "home": "/",
        "guide listing": "/guides/",
        "filtered guide listing": "/guides/?area=calf",
        "guide": guide.url,
        "method listing": "/relief/",
        "method": method.url,
        "shop": "/shop/",
        "category": product.get_parent().url,
        "product": product.url,
        "search": "/search/?q=cramp",
    }, product


def assert_public(response, label):
    assert response.status_code == 200, label
    cc = directives(response)
    assert "public" in cc, (label, response["Cache-Control"])
    assert int(cc["s-maxage"]) >= 300, label
    assert "stale-while-revalidate" in cc and "stale-if-error" in cc, label
    assert cc.get("max-age") == "0", label
    assert "cookie" not in vary(response), (label, response.get("Vary"))
    assert not response.cookies, (label, response.cookies)
    assert "Set-Cookie" not in response, label


def assert_private(response, label):
    cc = directives(response)
    assert PRIVATE <= set(cc), (label, response.get("Cache-Control"))
    assert "public" not in cc and "s-maxage" not in cc, label


def test_public_pages_for_a_first_time_reader(site_pages):
    pages, _ = site_pages
    client = Client()
    for label, url in pages.items():
        assert_public(client.get(url), label)


def test_public_pages_stay_public_once_the_reader_has_a_cart_and_a_session(
    site_pages,
):
    pages, product = site_pages
    client = Client()
    client.get("/visitor.json")  # the CSRF cookie, as site.js fetches it
    added = client.post(
        "/cart/add/", {"variant": product.variants.get().pk, "quantity": "1"}
    )
    assert added.status_code == 302
    assert client.cookies.get("sessionid"), "adding to the cart starts a session"
    for label, url in pages.items():
        response = client.get(url)
        assert_public(response, label)
    # The same bytes as for a stranger: nothing of this visitor is in the page.
    assert (
        client.get(pages["product"]).content == Client().get(pages["product"]).content
    )


def test_per_visitor_pages_are_private_and_never_stored(site_pages, admin_user):
    _, product = site_pages
    client = Client()
    client.post("/cart/add/", {"variant": product.variants.get().pk, "quantity": "1"})
    for label, url in {
        "visitor state": "/visitor.json",
        "cart": "/cart/",
        "checkout": "/checkout/",
        "health check": "/healthz",
    }.items():
        assert_private(client.get(url), label)

    client.force_login(admin_user)
    assert_private(client.get("/admin/"), "admin")


def test_a_signed_in_editor_gets_public_pages_as_private(site_pages, admin_user):
    """Editors see the Wagtail user bar, so their copy must never be shared."""
    pages, _ = site_pages
    client = Client()
    client.force_login(admin_user)
    for label, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, label
        assert_private(response, label)


def test_a_page_under_a_shared_password_is_never_public(site_pages):
    guide = GuidePageFactory(title="Members only")
    restriction = PageViewRestriction.objects.create(
        page=guide, restriction_type=PageViewRestriction.PASSWORD, password="knot"
    )
    client = Client()
    form = client.get(guide.url)
    assert b"Members only" not in form.content
    assert_private(form, "password form")

    passed = client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{guide.pk}/",
        {"password": "knot", "return_url": guide.url},
    )
    assert passed.status_code == 302
    response = client.get(guide.url)
    assert b"Members only" in response.content
    assert_private(response, "restricted guide after the password")


def test_html_is_compressed_for_readers_that_accept_gzip(site_pages):
    pages, _ = site_pages
    response = Client().get(pages["guide"], HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "accept-encoding" in vary(response)
    assert_public(response, "guide, compressed")


def test_every_public_page_answers_a_revalidation_with_304(site_pages):
    pages, _ = site_pages
    for label, url in pages.items():
        first = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
        assert first.has_header("ETag"), label
        again = Client().get(
            url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
        )
        assert again.status_code == 304, label
        assert again.content == b"", label
        # No body, so GZip leaves the tag as the page made it; the hash is the same.
        assert again["ETag"] == first["ETag"].removeprefix("W/"), label
        cc = directives(again)
        assert "public" in cc and "s-maxage" in cc, (label, again["Cache-Control"])
        assert "cookie" not in vary(again), label


def test_a_changed_page_is_sent_whole_to_a_reader_holding_the_old_etag(site_pages):
    pages, product = site_pages
    old = Client().get(pages["product"])["ETag"]
    variant = product.variants.get()
    variant.price += 1
    variant.save()
    response = Client().get(pages["product"], HTTP_IF_NONE_MATCH=old)
    assert response.status_code == 200
    assert response["ETag"] != old
    assert f"{variant.price:.2f}".encode() in response.content


def test_the_etag_is_the_same_for_the_same_page_however_it_is_compressed(
    site_pages,
):
    pages, _ = site_pages
    plain = Client().get(pages["guide"])
    gzipped = Client().get(pages["guide"], HTTP_ACCEPT_ENCODING="gzip")
    # GZip makes the tag weak (W/"…"); the hash under it is the page's own.
    assert gzipped["ETag"].removeprefix("W/") == plain["ETag"]
    assert Client().get(pages["guide"])["ETag"] == plain["ETag"]


def test_per_visitor_pages_send_no_etag():
    response = Client().get("/cart/")
    assert_private(response, "cart")
    assert not response.has_header("ETag")
