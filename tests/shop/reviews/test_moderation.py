"""Staff moderate reviews in the admin: the dashboard's count, approve, reject,
reply, delete; only roles allowed to moderate get there."""

from decimal import Decimal

import pytest

from shop.catalogue.models import ProductSummary
from shop.reviews import services
from shop.reviews.models import Review, ReviewStatus

from .conftest import paid_order_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(products):
    order = paid_order_of(products[0])
    return Review.objects.create(
        order=order,
        product=products[0],
        rating=4,
        title="Warm and calm",
        body="<b>Helps</b> my neck.",
        author_name="Mara",
    )


def test_the_managers_dashboard_counts_reviews_waiting(role_client, pending):
    html = role_client("manager").get("/admin/").content.decode()
    assert "Reviews to moderate" in html
    assert "<strong>1</strong> review waiting" in html
    assert "Warm and calm" in html


@pytest.mark.parametrize("role", ["marketer", "stock"])
def test_other_roles_neither_see_nor_moderate_reviews(role_client, pending, role):
    client = role_client(role)
    assert "Reviews to moderate" not in client.get("/admin/").content.decode()
    assert client.get(f"/admin/reviews/{pending.pk}/").status_code in (302, 403)
    response = client.post(f"/admin/reviews/{pending.pk}/", {"action": "approve"})
    assert response.status_code in (302, 403)
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.PENDING


def test_a_manager_replies_and_approves(role_client, pending):
    client = role_client("manager")
    page = client.get(f"/admin/reviews/{pending.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "&lt;b&gt;Helps&lt;/b&gt;" in html and "<b>Helps</b>" not in html

    response = client.post(
        f"/admin/reviews/{pending.pk}/",
        {"action": "approve", "reply": "Glad it helps, Mara."},
    )

    assert response.status_code == 302
    assert response["Location"] == "/admin/reviews/"
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.APPROVED
    assert pending.reply == "Glad it helps, Mara."
    assert pending.moderated_by == client.user and pending.replied_by == client.user
    assert pending.moderated_at and pending.replied_at


def test_a_manager_rejects(role_client, pending):
    client = role_client("manager")
    client.post(f"/admin/reviews/{pending.pk}/", {"action": "reject", "reply": ""})
    pending.refresh_from_db()
    assert pending.status == ReviewStatus.REJECTED
    assert pending.reply == "" and pending.replied_at is None


def test_an_unknown_action_changes_nothing(role_client, pending):
    client = role_client("manager")
    response = client.post(
        f"/admin/reviews/{pending.pk}/", {"action": "publish-all", "reply": "x"}
    )
    assert response.status_code == 200
    pending.refresh_from_db()
    assert (pending.status, pending.reply) == (ReviewStatus.PENDING, "")


def test_the_listing_filters_by_status(role_client, pending, products):
    approved = Review.objects.create(
        order=paid_order_of(products[1]),
        product=products[1],
        rating=5,
        title="Already public",
        body="Good.",
        status=ReviewStatus.APPROVED,
    )
    client = role_client("manager")
    html = client.get("/admin/reviews/?status=pending").content.decode()
    assert pending.title in html and approved.title not in html
    everything = client.get("/admin/reviews/").content.decode()
    assert pending.title in everything and approved.title in everything
    assert everything.index(pending.title) < everything.index(approved.title), (
        "waiting reviews come first, though newer ones were approved"
    )


def test_a_manager_deletes_a_review_and_its_rating_goes(role_client, pending):
    """The delete page (registered, and managers may delete reviews) confirms,
    deletes, and the product's stored rating no longer counts the review."""
    client = role_client("manager")
    services.approve_review(review_id=pending.pk, actor=client.user)
    summary = ProductSummary.objects.get(product=pending.product)
    assert (summary.rating_count, summary.rating_average) == (1, Decimal("4.00"))
    url = f"/admin/reviews/{pending.pk}/delete/"

    assert client.get(url).status_code == 200
    response = client.post(url)

    assert response.status_code == 302
    assert response["Location"] == "/admin/reviews/"
    assert not Review.objects.filter(pk=pending.pk).exists()
    summary.refresh_from_db()
    assert (summary.rating_count, summary.rating_average) == (0, None)
