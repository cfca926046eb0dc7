"""What guide and relief-method pages share: the article fields and small helpers."""

import re
from collections.abc import Sequence
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from guides.blocks import first_selling_before_red_flag

# Pages never published (created in code, or in tests) sort after published ones.
NEWEST_FIRST = models.F("first_published_at").desc(nulls_last=True)
SLUG_PATTERN = re.compile(r"^[-a-z0-9_]{1,80}$")


class ArticlePageMixin(models.Model):
    """What guides and relief methods share: a teaser and hero image that listings,
    cards and search show, and the picture used when the page is shared."""

    teaser = models.TextField(
        max_length=300, help_text="One or two sentences for listings and search."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared; defaults to the hero image.",
    )

    promote_panels = Page.promote_panels + [FieldPanel("social_image")]

    class Meta:
        abstract = True

    @property
    def share_image(self):
        return self.social_image or self.hero_image

    @property
    def card_image(self):
        return self.hero_image

    # What `card_image` and `card_summary` read, for listings that load many cards
    # at once (`prefetch_related_objects(pages, *card_prefetch)`).
    card_prefetch = ("hero_image",)

    @property
    def card_summary(self) -> str:
        return self.teaser

    def question_blocks(self) -> list:
        """The body's reader Q&A blocks (FAQPage data; reader comments join them)."""
        return [block.value for block in self.body if block.block_type == "question"]


def resolve_slug(raw: str | None, options) -> object | None:
    """The option whose slug equals a query parameter, or None if it is not valid."""
    if not raw or not SLUG_PATTERN.match(raw):
        return None
    return next((option for option in options if option.slug == raw), None)


def collect_pages(value, found: list) -> list:
    """Walk a StreamField value and collect every page its chooser blocks hold."""
    if isinstance(value, Page):
        found.append(value)
    elif isinstance(value, dict):  # StructValue
        for child in value.values():
            collect_pages(child, found)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        for child in value:  # StreamValue (of StreamChild), ListValue
            collect_pages(getattr(child, "value", child), found)
    return found


def stream_field_names(model) -> list[str]:
    """The StreamFields of a page model (what `defer_streamfields()` leaves out)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, StreamField)
    ]


def live_links(relation, target: str, *, select=(), public_only=False) -> list:
    """An ordered inline's rows whose target page is live, in the editors' order.

    Saved pages get one joined query. Target pages joined in (`select`) come
    without their StreamFields: links show cards, never bodies, and decoding a
    body costs more than the rest of the row. In a preview the rows are still in
    memory (modelcluster), so they are filtered here instead.
    """
    rows = relation.all()
    if isinstance(rows, models.QuerySet):
        rows = rows.filter(**{f"{target}__live": True})
        if public_only:
            rows = rows.filter(**{f"{target}__view_restrictions__isnull": True})
        rows = rows.select_related(*select)
        if target in select:
            page_model = rows.model._meta.get_field(target).related_model
            rows = rows.defer(
                *(f"{target}__{name}" for name in stream_field_names(page_model))
            )
        return list(rows.order_by("sort_order", "pk"))
    rows = sorted(rows, key=lambda row: row.sort_order or 0)
    return [
        row
        for row in rows
        if getattr(row, f"{target}_id") and getattr(row, target).live
    ]


# How long a medical review stays valid unless the editor sets another date.
REVIEW_VALID_FOR = timedelta(days=365)


def next_review_after(reviewed: date | None) -> date | None:
    """The default "next review due": twelve months after the last review."""
    return reviewed + REVIEW_VALID_FOR if reviewed else None


def missing_for_publishing(page, required: dict[str, str]) -> list[str]:
    """The human names of the trust fields `page` still lacks, in panel order.

    `required` maps an attribute to its name for editors. An attribute that is a
    related manager (sources) counts its rows, in memory for unsaved pages.
    """
    missing = []
    for attribute, label in required.items():
        value = getattr(page, attribute)
        if hasattr(value, "all"):
            value = list(value.all())
        if not value:
            missing.append(label)
    return missing


def refuse_incomplete_publish(page, required: dict[str, str]) -> None:
    """Raise when a page is about to go live without its trust fields.

    The admin form already asks for them on publish and on submission for review;
    this catches every other way a page goes live (workflow approval of an older
    revision, scheduled publishing, code).
    """
    missing = missing_for_publishing(page, required)
    if missing:
        raise ValidationError(
            f"“{page.title}” cannot be published without: {', '.join(missing)}."
        )


def refuse_products_before_red_flags(page, stream) -> None:
    """Raise when a page would go live with a product above its first red flag."""
    index = first_selling_before_red_flag(stream)
    if index is not None:
        raise ValidationError(
            f"“{page.title}” shows products (block {index + 1}, "
            f"{stream[index].block.label}) before its first red-flag warning."
        )
