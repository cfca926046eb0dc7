"""Why a review cannot be written: each refusal carries what the shopper is told."""

from __future__ import annotations


class ReviewRefused(Exception):
    """A review link or submission refused, with the heading, the explanation and
    the HTTP status the page answers with."""

    def __init__(self, heading: str, message: str, status: int):
        super().__init__(message)
        self.heading = heading
        self.message = message
        self.status = status

    @classmethod
    def invalid(cls) -> ReviewRefused:
        return cls(
            "This review link does not work",
            "It may have been cut short when it was copied. Please open the link "
            "from your order e-mail again.",
            404,
        )

    @classmethod
    def expired(cls) -> ReviewRefused:
        return cls(
            "This review link has expired",
            "Review links work for a year after the order. Write to us if you "
            "would still like to tell us about the product.",
            410,
        )

    @classmethod
    def not_paid(cls) -> ReviewRefused:
        return cls(
            "Only paid orders can be reviewed",
            "Reviews come from people who bought and kept the product. This order "
            "is not paid, or it was cancelled or refunded.",
            403,
        )

    @classmethod
    def not_in_order(cls) -> ReviewRefused:
        return cls(
            "This product is not in the order",
            "You can review the products of this order only.",
            403,
        )


class AlreadyReviewed(Exception):
    """This product of this order has a review already (one per product and order)."""

    def __init__(self, review):
        super().__init__("already reviewed")
        self.review = review
