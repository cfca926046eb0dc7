"""Only buyers review, once per product and order, through the signed e-mail link."""

import time

import pytest
from django.core import mail, signing

from shop.orders import emails
from shop.orders.links import order_path
from shop.orders.status import transition
from shop.reviews.exceptions import AlreadyReviewed
from shop.reviews.links import review_links_for, review_path, review_token
from shop.reviews.models import Review, ReviewStatus
from shop.reviews.services import submit_review
from tests.factories import OrderFactory, OrderLineFactory
from tests.guides.factories import stocked_product

from .conftest import GOOD_REVIEW, paid_order_of, path_of, review_links_in, review_post

pytestmark = pytest.mark.django_db


def test_the_confirmation_email_links_a_review_form_per_product(paid_order, products):
    assert emails.send_order_confirmation(paid_order.pk)

    message = mail.outbox[-1]
    html = message.alternatives[0][0]
    text_links = review_links_in(message.body)
    assert len(text_links) == 2
    assert set(review_links_in(html)) == set(text_links)
    for product in products:
        assert f"Review {product.title}" in message.body
        assert f"Review {product.title}" in html


def test_a_buyer_reviews_from_the_link_and_the_review_waits_for_moderation(
    client, paid_order, products
):
    wrap, _ = products
    url = review_path(paid_order, wrap.pk)

    form_page = client.get(url)
    assert form_page.status_code == 200
    assert "Review Wheat bag neck wrap" in form_page.content.decode()
    assert form_page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in form_page["Cache-Control"]

    response = client.post(url, review_post())

    assert response.status_code == 302 and response["Location"] == url
    review = Review.objects.get()
    assert (review.order, review.product, review.rating) == (paid_order, wrap, 4)
    assert review.status == ReviewStatus.PENDING
    thanks = client.get(url).content.decode()
    assert "Thank you for your review" in thanks
    assert "waiting for our staff" in thanks
    assert "Eased my neck at night" not in client.get(wrap.url).content.decode()


def test_the_order_page_lists_the_review_links_and_what_is_reviewed(
    client, paid_order, products
):
    wrap, ball = products
    client.post(review_path(paid_order, wrap.pk), review_post())

    html = client.get(order_path(paid_order)).content.decode()

    assert "Wheat bag neck wrap: reviewed, thank you" in html
    assert "Review Peanut ball" in html
    assert [link.reviewed for link in review_links_for(paid_order)] == [True, False]


def test_tampered_and_forged_links_are_refused_and_store_nothing(
    client, paid_order, products
):
    wrap, _ = products
    token = review_token(paid_order, wrap.pk)
    payload = signing.TimestampSigner(salt="shop.reviews.write-link").unsign_object(
        token
    )
    assert payload == {"order": paid_order.reference, "product": wrap.pk}
    forged = [
        token[:-1] + ("A" if token[-1] != "A" else "B"),
        signing.TimestampSigner(
            key="not-our-secret", salt="shop.reviews.write-link"
        ).sign_object(payload),
        signing.TimestampSigner(salt="shop.orders.order-page").sign_object(payload),
        signing.b64_encode(b'{"order":"x","product":1}').decode()
        + token[token.index(":") :],
        "nothing-signed-here",
    ]
    for bad in forged:
        url = f"/reviews/write/{bad}/"
        page = client.get(url)
        assert page.status_code == 404, bad
        assert "This review link does not work" in page.content.decode()
        assert client.post(url, review_post()).status_code == 404
    assert not Review.objects.exists()


def test_an_expired_link_is_refused(
    client, paid_order, products, monkeypatch, settings
):
    settings.REVIEW_LINK_MAX_AGE_DAYS = 30
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now - 31 * 86400)
    old = review_path(paid_order, products[0].pk)
    monkeypatch.setattr(signing.time, "time", lambda: now - 29 * 86400)
    recent = review_path(paid_order, products[0].pk)
    monkeypatch.undo()

    page = client.get(old)
    assert page.status_code == 410
    assert "This review link has expired" in page.content.decode()
    assert client.post(old, review_post()).status_code == 410
    assert not Review.objects.exists()
    assert client.get(recent).status_code == 200


@pytest.mark.parametrize("status", ["pending_payment", "cancelled", "refunded"])
def test_a_link_for_an_order_not_paid_is_refused(client, products, status):
    order = OrderFactory()
    OrderLineFactory(order=order, variant=products[0].variants.get())
    if status == "refunded":
        transition(order, "paid")
        transition(order, "refunded")
    elif status == "cancelled":
        transition(order, "cancelled")
    url = review_path(order, products[0].pk)

    page = client.get(url)

    assert page.status_code == 403
    assert "Only paid orders can be reviewed" in page.content.decode()
    assert client.post(url, review_post()).status_code == 403
    assert not Review.objects.exists()
    assert review_links_for(order) == []


def test_a_link_for_a_product_not_in_the_order_is_refused(client, paid_order):
    elsewhere = stocked_product("Epsom salt soak")
    url = review_path(paid_order, elsewhere.pk)

    page = client.get(url)

    assert page.status_code == 403
    assert "This product is not in the order" in page.content.decode()
    assert client.post(url, review_post()).status_code == 403
    assert not Review.objects.exists()


def test_a_second_review_of_the_same_product_and_order_is_refused(
    client, paid_order, products
):
    wrap, _ = products
    url = review_path(paid_order, wrap.pk)
    client.post(url, review_post())

    again = client.post(url, review_post(rating="1", title="Changed mind"))

    assert again.status_code == 409
    assert "You have reviewed this product already" in again.content.decode()
    review = Review.objects.get()
    assert (review.rating, review.title) == (4, GOOD_REVIEW["title"])
    with pytest.raises(AlreadyReviewed):
        submit_review(order=paid_order, product=wrap, rating=2, title="t", body="b")
    assert Review.objects.count() == 1


def test_the_same_product_bought_in_another_order_may_be_reviewed_again(
    client, paid_order, products
):
    wrap, _ = products
    client.post(review_path(paid_order, wrap.pk), review_post())
    second_order = paid_order_of(wrap, email=paid_order.email)

    response = client.post(review_path(second_order, wrap.pk), review_post())

    assert response.status_code == 302
    assert Review.objects.filter(product=wrap).count() == 2


def test_links_come_from_the_email_only_for_paid_orders(paid_order, products):
    links = review_links_for(paid_order)
    assert [link.title for link in links] == [p.title for p in products]
    assert all(path_of(link.url).startswith("/reviews/write/") for link in links)
