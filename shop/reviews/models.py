"""Product reviews by verified buyers, published only once staff approve them.

A review belongs to one paid order and one product of it (one review per product per
order): that is what makes the buyer verified. Reviewers' words are stored as plain
text and always escaped on output. Every change after submission (approve, reject,
reply) goes through `services.py`, which records who did it and when, and purges the
pages that show the product.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg, Count, OuterRef, Q, Subquery

RATING_MIN, RATING_MAX = 1, 5
TITLE_MAX_LENGTH = 120
BODY_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 60
REPLY_MAX_LENGTH = 2000


def stars(rating: int) -> str:
    """ "★★★★☆" for 4: for sighted readers; the page says the rating in words too."""
    return "★" * rating + "☆" * (RATING_MAX - rating)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", "Waiting for moderation"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ReviewQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReviewStatus.APPROVED)

    def pending(self):
        return self.filter(status=ReviewStatus.PENDING)

    def rating_annotations(self) -> dict:
        """`rating_count` and `rating_average` of each product's approved reviews,
        as subqueries correlated with a product queryset's `pk`."""
        approved = (
            self.approved()
            .filter(product_id=OuterRef("pk"))
            .order_by()
            .values("product_id")
        )
        return {
            "rating_count": Subquery(
                approved.annotate(n=Count("pk")).values("n"),
                output_field=models.IntegerField(),
            ),
            "rating_average": Subquery(
                approved.annotate(average=Avg("rating")).values("average"),
                output_field=models.FloatField(),
            ),
        }


class Review(models.Model):
    """What a buyer thinks of one product of one paid order, with the shop's reply."""

    order = models.ForeignKey(
        "orders.Order", on_delete=models.CASCADE, related_name="reviews"
    )
    product = models.ForeignKey(
        "catalogue.ProductPage", on_delete=models.CASCADE, related_name="reviews"
    )
    rating = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body = models.TextField("review", max_length=BODY_MAX_LENGTH)
    author_name = models.CharField(
        "name", max_length=NAME_MAX_LENGTH, blank=True, help_text="Shown as given."
    )
    status = models.CharField(
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.PENDING,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply = models.TextField(max_length=REPLY_MAX_LENGTH, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "product"], name="reviews_one_per_product_and_order"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN) & Q(rating__lte=RATING_MAX),
                name="reviews_rating_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["product", "status"])]

    def __str__(self) -> str:
        return f"{self.rating}/5 for {self.product_id}: {self.title}"

    @property
    def stars(self) -> str:
        return stars(self.rating)

    @property
    def rating_label(self) -> str:
        return f"{self.stars} {self.rating}/{RATING_MAX}"

    @property
    def display_name(self) -> str:
        return self.author_name.strip() or "A verified buyer"
