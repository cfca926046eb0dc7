"""reviews 0002 copies each product's published rating into its catalogue summary
once; from then on `review_changed` keeps it exact.

The test migrates back to just before the copy, writes reviews and summaries
through the historical models (which, unlike the real ones, fire no
`review_changed`, so the summaries are left as they were before the copy), and
migrates forward again. Only that data migration is unapplied and applied again
(nothing depends on it, and its reverse is a no-op), so the cost is the
transactional test's flush: SQLite's schema editor refuses to run inside the
transaction an ordinary test is wrapped in. It runs on SQLite and PostgreSQL.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from shop.catalogue.models import ProductSummary
from shop.catalogue.summaries import refresh_product_ratings
from tests.factories import OrderFactory, ProductPageFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_COPY = [
    ("reviews", "0001_product_reviews"),
    ("catalogue", "0005_summary_ratings"),
]
COPY = [("reviews", "0002_copy_ratings_to_summaries")]


def migrate(targets):
    """Migrate the test database to `targets`; the historical apps there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def fully_migrated_after():
    """Whatever happens in the test, the database ends fully migrated."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_copy_counts_approved_reviews_only(fully_migrated_after):
    """A product's summary gets the count and average of its approved reviews,
    rounded as the live refresh rounds them: pending and rejected reviews are left
    out, and products without an approved review keep the model's defaults
    (0 and empty)."""
    old = migrate(BEFORE_COPY)
    Review = old.get_model("reviews", "Review")
    Summary = old.get_model("catalogue", "ProductSummary")
    rated, only_pending, unreviewed = (ProductPageFactory() for _ in "abc")
    for product in (rated, only_pending, unreviewed):
        Summary.objects.create(product_id=product.pk)

    def review(product, rating, status):
        Review.objects.create(
            order_id=OrderFactory().pk,
            product_id=product.pk,
            rating=rating,
            title=f"Rated {rating}",
            body="Used it every evening for a week.",
            status=status,
        )

    for rating in (5, 4, 4):
        review(rated, rating, "approved")
    review(rated, 1, "pending")
    review(rated, 1, "rejected")
    review(only_pending, 2, "pending")
    assert set(Summary.objects.values_list("rating_count", "rating_average")) == {
        (0, None)
    }, "the historical models must not have refreshed the summaries"

    migrate(COPY)

    def rating_of(product):
        summary = ProductSummary.objects.get(product=product)
        return summary.rating_count, summary.rating_average

    assert rating_of(rated) == (3, Decimal("4.33"))
    assert rating_of(only_pending) == (0, None)
    assert rating_of(unreviewed) == (0, None)
    # The copy and the refresh reviews call from then on agree.
    refresh_product_ratings([rated.pk, only_pending.pk, unreviewed.pk])
    assert rating_of(rated) == (3, Decimal("4.33"))
    assert rating_of(only_pending) == (0, None)
