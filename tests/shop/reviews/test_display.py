"""Approved reviews on product pages, cards and in the Product JSON-LD; the pages
showing them purged when what readers see changes."""

import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.frontend_cache import RecordingBackend
from shop.reviews.models import Review, ReviewStatus
from shop.reviews.services import approve_review, reject_review, reply_to_review
from tests.factories import ProductCategoryPageFactory
from tests.guides.factories import GuidePageFactory, stocked_product

from .conftest import paid_order_of

pytestmark = pytest.mark.django_db


def review_of(product, rating=4, *, status=ReviewStatus.APPROVED, **fields):
    order = paid_order_of(product)
    return Review.objects.create(
        order=order,
        product=product,
        rating=rating,
        title=fields.pop("title", f"Rated {rating}"),
        body=fields.pop("body", "It helped my calf at night."),
        status=status,
        **fields,
    )


def product_json_ld(html: str) -> dict:
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', html, re.S
    ):
        data = json.loads(block)
        if data.get("@type") == "Product":
            return data
    raise AssertionError("no Product JSON-LD")


def test_json_ld_has_no_rating_until_a_review_is_approved(client, products):
    wrap, _ = products
    pending = review_of(wrap, 5, status=ReviewStatus.PENDING)
    review_of(wrap, 1, status=ReviewStatus.REJECTED)

    data = product_json_ld(client.get(wrap.url).content.decode())
    assert "aggregateRating" not in data and "review" not in data

    approve_review(review_id=pending.pk, actor=None)
    review_of(wrap, 4, author_name="Jonas")

    data = product_json_ld(client.get(wrap.url).content.decode())
    assert data["aggregateRating"] == {
        "@type": "AggregateRating",
        "ratingValue": "4.5",
        "reviewCount": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert sorted(r["reviewRating"]["ratingValue"] for r in data["review"]) == [4, 5]
    assert {r["author"]["name"] for r in data["review"]} == {
        "Jonas",
        "A verified buyer",
    }


def test_the_product_page_shows_approved_reviews_with_the_reply(client, products):
    wrap, _ = products
    review = review_of(wrap, 5, title="Best heat wrap", author_name="Mara")
    review_of(wrap, 2, status=ReviewStatus.PENDING, title="Not yet approved")
    reply_to_review(review_id=review.pk, actor=None, text="Thank you, Mara!")

    html = client.get(wrap.url).content.decode()

    assert "Best heat wrap" in html and "Thank you, Mara!" in html
    assert "Reply from Unknot" in html
    assert "Not yet approved" not in html
    assert "5.0 out of 5 · 1 review" in html
    assert "Rated 5 out of 5" in html


def test_a_product_without_approved_reviews_says_so_and_shows_no_stars(
    client, products
):
    wrap, _ = products
    html = client.get(wrap.url).content.decode()
    assert "No reviews yet." in html
    assert "out of 5" not in html


def test_cards_show_the_average_and_count_only_with_approved_reviews(client, products):
    wrap, ball = products
    review_of(wrap, 5)
    review_of(wrap, 4)
    review_of(ball, 1, status=ReviewStatus.PENDING)

    html = client.get("/shop/").content.decode()

    wrap_card = _card(html, wrap.title)
    assert "★★★★★" in wrap_card or "★★★★☆" in wrap_card
    assert "4.5" in wrap_card and "(2" in wrap_card
    assert "product-card__rating" not in _card(html, ball.title)


def test_cards_follow_moderation_and_deletion_through_the_stored_summary(
    client, products
):
    """Cards read the rating the product summary stores; every change of a review
    copies it there at once."""
    wrap, _ = products
    five = review_of(wrap, 5, status=ReviewStatus.PENDING)
    three = review_of(wrap, 3)
    wrap.summary.refresh_from_db()
    assert (wrap.summary.rating_count, wrap.summary.rating_average) == (1, 3)

    approve_review(review_id=five.pk, actor=None)
    card = _card(client.get("/shop/").content.decode(), wrap.title)
    assert "4.0" in card and "(2" in card

    reject_review(review_id=five.pk, actor=None)
    card = _card(client.get("/shop/").content.decode(), wrap.title)
    assert "3.0" in card and "(1" in card

    three.delete()
    wrap.summary.refresh_from_db()
    assert (wrap.summary.rating_count, wrap.summary.rating_average) == (0, None)
    card = _card(client.get("/shop/").content.decode(), wrap.title)
    assert "product-card__rating" not in card


def _card(html: str, title: str) -> str:
    for card in html.split('<article class="card product-card">')[1:]:
        if f">{title}</a></h3>" in card:
            return card.split("</article>")[0]
    raise AssertionError(f"no card for {title}")


def _queries_for(path: str) -> int:
    client = Client()
    client.get(path)  # warm the site settings and the like
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_listing_query_count_does_not_grow_with_rated_products(db):
    category = ProductCategoryPageFactory(title="Heat", slug="heat")
    for n in range(2):
        review_of(stocked_product(f"Rated {n}", parent=category), 4)
    few = _queries_for("/shop/")
    few_category = _queries_for(category.url)

    for n in range(2, 8):
        review_of(stocked_product(f"Rated {n}", parent=category), 3 + n % 3)

    assert _queries_for("/shop/") == few
    assert _queries_for(category.url) == few_category
    assert Client().get("/shop/").content.decode().count("product-card__rating") == 8


def test_product_page_query_count_does_not_grow_with_reviews(client, products):
    wrap, _ = products
    review_of(wrap, 5)
    few = _queries_for(wrap.url)
    for rating in (1, 2, 3, 4, 5, 4):
        review_of(wrap, rating)
    assert _queries_for(wrap.url) == few


@pytest.fixture
def recorded_purges(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "record": {"BACKEND": "home.frontend_cache.RecordingBackend"}
    }
    RecordingBackend.reset()
    yield lambda: {
        url.removeprefix("http://localhost") for url in RecordingBackend.purged
    }
    RecordingBackend.reset()


def test_approving_purges_the_product_and_every_page_showing_its_card(
    products, recorded_purges, django_capture_on_commit_callbacks
):
    wrap, _ = products
    guide = GuidePageFactory(
        title="Neck cramps",
        body=[{"type": "product", "value": {"product": wrap.pk, "note": ""}}],
    )
    guide.save_revision().publish()
    review = review_of(wrap, 5, status=ReviewStatus.PENDING)
    RecordingBackend.reset()

    with django_capture_on_commit_callbacks(execute=True):
        approve_review(review_id=review.pk, actor=None)

    category = wrap.get_parent()
    assert {wrap.url, category.url, "/shop/", guide.url, "/search/"} <= (
        recorded_purges()
    )


def test_only_changes_readers_see_purge(
    products, recorded_purges, django_capture_on_commit_callbacks
):
    wrap, _ = products
    pending = review_of(wrap, 5, status=ReviewStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_review(review_id=pending.pk, actor=None, text="Thanks!")
        reject_review(review_id=pending.pk, actor=None)
    assert recorded_purges() == set(), "nothing of a pending review was ever shown"

    published = review_of(wrap, 4)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_review(review_id=published.pk, actor=None, text="Glad it helps.")
    assert wrap.url in recorded_purges()

    RecordingBackend.reset()
    with django_capture_on_commit_callbacks(execute=True):
        reject_review(review_id=published.pk, actor=None)
    assert wrap.url in recorded_purges(), "taking a published review down"


def test_the_rating_covers_every_approved_review_beyond_those_listed(client, products):
    wrap, _ = products
    for n in range(12):
        review_of(wrap, 5 if n % 2 else 4, title=f"Review number {n}")

    html = client.get(wrap.url).content.decode()

    assert "4.5 out of 5</strong> from 12 verified buyers · the newest 10 below" in html
    assert html.count('<li class="review">') == 10
    assert "Review number 11" in html and "Review number 0<" not in html
    data = product_json_ld(html)
    assert data["aggregateRating"]["reviewCount"] == 12
    assert len(data["review"]) == 5
