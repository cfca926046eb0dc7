"""The one stock-state vocabulary: in stock / low / out.

The rule lives here twice, deliberately in the same place: `stock_state()` for
figures already in memory (a product card, a variant option) and
`stock_state_expression()` for the database (listings, filters, reports, the daily
e-mail), so a badge and the admin filter that found it can never disagree.

A variant is "low" when its available units are at or below its threshold (its own,
or the site-wide default from Site settings) and "out" when none are available.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, Value, When
from django.db.models.lookups import LessThanOrEqual
from wagtail.models import Site

from home.models import SiteSettings


class StockState(models.TextChoices):
    """What staff filter by and what shoppers are told about availability."""

    IN_STOCK = "in_stock", "In stock"
    LOW = "low", "Low stock"
    OUT = "out", "Out of stock"


# Shop front badges (static/css/site.css) per state; the staff admin uses
# `staff-badge--<code>` (static/css/staff-admin.css), so the code is the class there.
BADGE_CLASSES = {
    StockState.IN_STOCK: "badge--ok",
    StockState.LOW: "badge--warn",
    StockState.OUT: "badge--danger",
}


@dataclass(frozen=True)
class StockBadge:
    """A stock state with the figure behind it, as a shopper or staff member sees it."""

    code: StockState
    available: int

    @property
    def label(self) -> str:
        """ "In stock", "Only 5 left" or "Out of stock"."""
        if self.code == StockState.LOW:
            return f"Only {self.available} left"
        return self.code.label

    @property
    def purchasable(self) -> bool:
        return self.code != StockState.OUT

    @property
    def badge_class(self) -> str:
        return BADGE_CLASSES[self.code]


def classify(available: int, threshold: int) -> StockState:
    """The rule itself: out at zero or below, low at or under the threshold."""
    if available <= 0:
        return StockState.OUT
    if available <= threshold:
        return StockState.LOW
    return StockState.IN_STOCK


def stock_state(available: int, threshold: int) -> StockBadge:
    """The badge for `available` units against a `threshold`."""
    code = classify(available, threshold)
    return StockBadge(code, 0 if code == StockState.OUT else available)


def stock_state_expression(available, threshold) -> Case:
    """The same rule as `classify()` as an SQL CASE over two expressions.

    `available` and `threshold` are expressions on whatever model is queried
    (StockLevel's own columns, or `stock__…` from a variant), with the site default
    threshold already folded into `threshold` by the caller (Coalesce).
    """
    return Case(
        When(LessThanOrEqual(available, 0), then=Value(StockState.OUT.value)),
        When(LessThanOrEqual(available, threshold), then=Value(StockState.LOW.value)),
        default=Value(StockState.IN_STOCK.value),
        output_field=models.CharField(max_length=10),
    )


def site_low_stock_threshold(request=None) -> int:
    """The site-wide low-stock threshold (Site settings), per request when given,
    else the default site's (commands and e-mails have no request)."""
    if request is not None:
        return SiteSettings.for_request(request).low_stock_threshold
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.SHOP_DEFAULT_LOW_STOCK_THRESHOLD
    return SiteSettings.for_site(site).low_stock_threshold
