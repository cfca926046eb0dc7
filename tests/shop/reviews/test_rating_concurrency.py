"""On PostgreSQL: review changes of one product that overlap in time all reach its
stored rating (the summary row lock of `refresh_product_ratings`).

PostgreSQL only (the suite's `postgres` marker skips it elsewhere, saying why): on
SQLite only one transaction writes at a time and there are no row locks, so the
lost update these tests guard against cannot be staged there. CI runs them on
PostgreSQL.

Each test holds the first change's transaction open (its summary row written, not
yet committed) until the second change, in another thread and connection, is seen
waiting on a lock, so the two overlap every time rather than only when the
scheduler happens to interleave them.
"""

import threading
import time
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, transaction
from django.urls import reverse

from shop.catalogue.models import ProductSummary
from shop.reviews import services
from shop.reviews.models import Review, ReviewStatus
from tests.shop.inventory.test_concurrency import run_in_threads

from .conftest import paid_order_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def review_of(product, rating, email, *, status=ReviewStatus.PENDING):
    return Review.objects.create(
        order=paid_order_of(product, email=email),
        product=product,
        rating=rating,
        title=f"Rated {rating}",
        body="Used it every evening for a week.",
        status=status,
    )


def rating_of(product):
    summary = ProductSummary.objects.get(product=product)
    return summary.rating_count, summary.rating_average


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def wait_until_blocked(pid: int, timeout: float = 10.0) -> bool:
    """Whether the session `pid` comes to wait for a lock another transaction holds
    within `timeout` seconds (polled through this thread's own connection)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT cardinality(pg_blocking_pids(%s))", [pid])
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.01)
    return False


def overlapping(first, second) -> bool:
    """Run `first` and `second` in two threads started together: `first`'s
    transaction commits only once `second`, begun after `first` returned, waits for
    one of its locks. Whether `second` was seen waiting."""
    first_done, second_started = threading.Event(), threading.Event()
    second_session = []

    def run(index):
        if index == 0:
            with transaction.atomic():
                first()
                first_done.set()
                second_started.wait(10)
                return wait_until_blocked(second_session[0])
        first_done.wait(10)
        second_session.append(backend_pid())
        second_started.set()
        second()
        return None

    assert connection.vendor == "postgresql"
    waited, _ = run_in_threads(2, run)
    return waited


def test_two_reviews_approved_at_once_are_both_counted(products, role_client):
    """Two reviews of one product approved at once, through the service the
    moderation page calls: the stored count is 2 and the average covers both, not
    a count of 1 left by whichever approval wrote last: `refresh_product_ratings`
    locks the summary row (`approve_review` locks only the review's own row)."""
    product = products[0]
    first = review_of(product, 5, "first@example.com")
    second = review_of(product, 2, "second@example.com")
    moderator = role_client("manager").user
    assert rating_of(product) == (0, None)

    waited = overlapping(
        lambda: services.approve_review(review_id=first.pk, actor=moderator),
        lambda: services.approve_review(review_id=second.pk, actor=moderator),
    )

    assert waited, "the second approval never waited for the first: no overlap"
    assert rating_of(product) == (2, Decimal("3.50"))


def test_a_review_deleted_while_another_is_approved_leaves_the_right_rating(
    products, role_client
):
    """A moderator deletes a published review in the admin while another review of
    the same product is being approved. Deleting locks nothing of the product, so
    only the summary row lock makes the deletion read the approved reviews after
    the approval committed: without it the rating would drop to none, though one
    approved review remains."""
    product = products[0]
    approving = review_of(product, 5, "first@example.com")
    deleted = review_of(product, 2, "second@example.com", status=ReviewStatus.APPROVED)
    client = role_client("manager")
    assert rating_of(product) == (1, Decimal("2.00"))

    def delete_in_the_admin():
        url = reverse("shop_reviews:delete", args=[deleted.pk])
        assert client.post(url).status_code == 302

    waited = overlapping(
        lambda: services.approve_review(review_id=approving.pk, actor=client.user),
        delete_in_the_admin,
    )

    assert waited, "the deletion never waited for the approval: no overlap"
    assert not Review.objects.filter(pk=deleted.pk).exists()
    assert rating_of(product) == (1, Decimal("5.00"))


def test_approving_a_review_leaves_the_product_page_free_for_editors(
    products, role_client
):
    """`approve_review` locks the review row only (`of=("self",)`): an editor
    publishing the product meanwhile is not kept waiting on its page rows."""
    product = products[0]
    review = review_of(product, 4, "first@example.com")
    moderator = role_client("manager").user
    approved, checked = threading.Event(), threading.Event()

    def run(index):
        if index == 0:
            with transaction.atomic():
                services.approve_review(review_id=review.pk, actor=moderator)
                approved.set()
                checked.wait(10)
            return None
        approved.wait(10)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT id FROM wagtailcore_page WHERE id = %s FOR UPDATE NOWAIT",
                    [product.pk],
                )
            return "free"
        except OperationalError:
            return "locked"
        finally:
            checked.set()

    assert connection.vendor == "postgresql"
    assert run_in_threads(2, run)[1] == "free"
