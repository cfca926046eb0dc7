"""The review form: rating bounds, lengths and the abuse rules reader comments
follow (home/user_content.py). Every refusal says why and stores nothing."""

import pytest
from django.db import IntegrityError, transaction

from home.models import BlockedTerm
from home.user_content import form_started_token
from shop.reviews.links import review_path
from shop.reviews.models import Review

from .conftest import review_post

pytestmark = pytest.mark.django_db

RATING_ERROR = "Choose a rating from 1 to 5 stars."


@pytest.fixture
def url(paid_order, products):
    return review_path(paid_order, products[0].pk)


@pytest.mark.parametrize(
    "rating", ["0", "6", "-1", "", "3.5", "٣", "²", "+4", "99999999999999999999999"]
)
def test_a_rating_outside_1_to_5_is_refused(client, url, rating):
    response = client.post(url, review_post(rating=rating))

    assert response.status_code == 400
    assert RATING_ERROR in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("rating", ["1", "5"])
def test_ratings_of_1_and_5_are_accepted(client, url, rating):
    assert client.post(url, review_post(rating=rating)).status_code == 302
    assert Review.objects.get().rating == int(rating)


def test_the_database_refuses_a_rating_outside_1_to_5(paid_order, products):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(
            order=paid_order, product=products[0], rating=6, title="t", body="b"
        )


@pytest.mark.parametrize(
    ("field", "length", "limit"),
    [("title", 121, 120), ("body", 2001, 2000), ("author_name", 61, 60)],
)
def test_text_longer_than_its_limit_is_refused(client, url, field, length, limit):
    response = client.post(url, review_post(**{field: "a" * length}))

    assert response.status_code == 400
    assert f"at most {limit} characters" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("field", ["title", "body"])
def test_title_and_text_are_required(client, url, field):
    response = client.post(url, review_post(**{field: "  "}))
    assert response.status_code == 400
    assert not Review.objects.exists()


def test_the_name_is_optional_and_defaults_to_a_verified_buyer(client, url):
    assert client.post(url, review_post(author_name="")).status_code == 302
    assert Review.objects.get().display_name == "A verified buyer"


def test_a_filled_honeypot_is_refused(client, url):
    response = client.post(url, review_post(website="http://spam.example"))
    assert response.status_code == 400
    assert "leave the last field empty" in response.content.decode()
    assert not Review.objects.exists()


def test_a_form_sent_within_seconds_is_refused(client, url):
    response = client.post(url, review_post(form_started=form_started_token()))
    assert response.status_code == 400
    assert "quicker than anyone can type" in response.content.decode()
    assert not Review.objects.exists()


def test_a_form_without_its_start_time_is_shown_again_to_send(client, url):
    response = client.post(url, review_post(form_started=""))
    assert response.status_code == 200
    assert "send it again" in response.content.decode()
    assert 'value="Eased my neck at night"' in response.content.decode()
    assert not Review.objects.exists()


def test_too_many_links_are_refused(client, url, settings):
    settings.USER_CONTENT_MAX_LINKS = 2
    body = "See https://a.example, https://b.example and https://c.example too."
    response = client.post(url, review_post(body=body))
    assert response.status_code == 400
    assert "Please keep to 2 links at most" in response.content.decode()
    assert not Review.objects.exists()


def test_blocklisted_terms_are_refused(client, url):
    BlockedTerm.objects.create(term="miracle cure")
    response = client.post(url, review_post(title="A Miracle Cure!"))
    assert response.status_code == 400
    assert "We do not publish" in response.content.decode()
    assert not Review.objects.exists()


def test_submissions_are_rate_limited_per_ip_with_a_429(
    client, settings, paid_order, products
):
    from tests.guides.factories import stocked_product

    from .conftest import paid_order_of

    settings.USER_CONTENT_RATE_PER_IP = "2/h"
    settings.USER_CONTENT_RATE_PER_EMAIL = "100/h"
    extra = [stocked_product(f"Extra {n}") for n in range(3)]
    order = paid_order_of(*extra)
    urls = [review_path(order, product.pk) for product in extra]

    assert client.post(urls[0], review_post()).status_code == 302
    assert client.post(urls[1], review_post()).status_code == 302
    limited = client.post(urls[2], review_post())

    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert "Please try again in" in limited.content.decode()
    assert Review.objects.count() == 2


def test_submissions_are_rate_limited_per_buyer_address(client, settings, paid_order):
    from tests.guides.factories import stocked_product

    from .conftest import paid_order_of

    settings.USER_CONTENT_RATE_PER_IP = "100/h"
    settings.USER_CONTENT_RATE_PER_EMAIL = "1/h"
    products = [stocked_product(f"Extra {n}") for n in range(2)]
    order = paid_order_of(*products, email="Same@Example.com")

    assert (
        client.post(review_path(order, products[0].pk), review_post()).status_code
        == 302
    )
    other_ip = {"REMOTE_ADDR": "203.0.113.9"}
    limited = client.post(review_path(order, products[1].pk), review_post(), **other_ip)
    assert limited.status_code == 429
    assert Review.objects.count() == 1


def test_html_in_a_review_is_escaped_everywhere(client, url, paid_order, products):
    from shop.reviews.services import approve_review

    body = '<script>alert("x")</script> <b>bold</b>'
    client.post(url, review_post(body=body, title="<i>Great</i>"))
    review = Review.objects.get()
    assert review.body == body  # stored as written, escaped on output
    approve_review(review_id=review.pk, actor=None)

    html = client.get(products[0].url).content.decode()

    assert "<script>alert" not in html and "<b>bold</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;i&gt;Great&lt;/i&gt;" in html
    thanks = client.get(url).content.decode()
    assert "<script>alert" not in thanks


def test_a_link_in_a_review_is_nofollow_ugc(client, url, products):
    from shop.reviews.services import approve_review

    client.post(url, review_post(body="I found it via example.org, great."))
    approve_review(review_id=Review.objects.get().pk, actor=None)
    html = client.get(products[0].url).content.decode()
    assert 'href="http://example.org" rel="nofollow ugc"' in html
