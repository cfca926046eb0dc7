"""Guides: the index of articles and the article about one kind of cramp."""

import math
from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.http import urlencode
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from guides.article_body import body_key
from guides.blocks import RED_FLAG, GuideBodyBlock
from guides.products import CardProducts, ProductWithNote, in_stock_first
from guides.structured_data import guide_json_ld
from home.models import BodyArea
from home.page_cache import CachedPageMixin
from home.prefetch import prefetch_renditions, select_related_into
from home.routing import ancestors_below_root
from home.tree_cache import per_tree_generation

from .checklist import PublishChecklistPanel
from .common import (
    NEWEST_FIRST,
    ArticlePageMixin,
    live_links,
    next_review_after,
    refuse_incomplete_publish,
    refuse_products_before_red_flags,
    resolve_slug,
)
from .relief import ReliefMethodPage, prime_stream_pages
from .taxonomy import Cause, Contributor

WORDS_PER_MINUTE = 200
GUIDES_PER_PAGE = 12


def live_guide_index() -> "GuideIndexPage | None":
    """The live guide index, with `restricted`: whether it has a view restriction of
    its own (which makes every guide under it private too)."""
    restrictions = PageViewRestriction.objects.filter(page=OuterRef("pk"))
    return (
        GuideIndexPage.objects.live().annotate(restricted=Exists(restrictions)).first()
    )


def guide_index_url(
    request, page: Page | None = None, index: "GuideIndexPage | None" = None
) -> str:
    """Where cause and body-area links point: the live guide index, filtered.

    Callers that hold the index already pass it. For a guide (`page`) it is the
    parent, which the breadcrumb reads in this request anyway; other pages look
    the index up.
    """
    parents = ancestors_below_root(page)[-1:] if page is not None else []
    index = index or next(
        (
            parent
            for parent in parents
            if parent.live and parent.specific_class is GuideIndexPage
        ),
        None,
    )
    if index is None:
        index = GuideIndexPage.objects.live().first()
    return index.get_url(request) if index else "/guides/"


class GuideIndexPage(CachedPageMixin, Page):
    """`/guides/`: every guide, newest first, filterable by body area and cause."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "popular_guide_links",
            label="Popular guides",
            help_text="Suggested on the search page when nothing matches.",
            max_num=6,
        ),
    ]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.GuidePage"]
    max_count = 1

    class Meta:
        verbose_name = "guide index page"

    def guides(self):
        return (
            GuidePage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .prefetch_related("body_areas")
            .order_by(NEWEST_FIRST, "-pk")
        )

    def popular_guides(self, limit: int = 4) -> list["GuidePage"]:
        """Editor-picked popular guides, topped up with the newest ones."""
        picked = [
            link.guide
            for link in live_links(
                self.popular_guide_links,
                "guide",
                select=("guide", "guide__hero_image"),
                public_only=True,
            )
        ]
        if len(picked) < limit:
            newest = self.guides().exclude(pk__in=[guide.pk for guide in picked])
            picked.extend(newest[: limit - len(picked)])
        return picked[:limit]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        areas = list(BodyArea.objects.filter(guides__live=True).distinct())
        causes = list(Cause.objects.filter(guides__live=True).distinct())
        area = resolve_slug(request.GET.get("area"), areas)
        cause = resolve_slug(request.GET.get("cause"), causes)
        guides = self.guides()
        filters = {}
        if area:
            guides = guides.filter(body_areas=area)
            filters["area"] = area.slug
        if cause:
            guides = guides.filter(causes=cause)
            filters["cause"] = cause.slug
        paginator = Paginator(guides, GUIDES_PER_PAGE)
        shown = paginator.get_page(request.GET.get("page"))
        # No renditions for the cards' pictures: each card is kept rendered under
        # its picture's key (`picture_key`).
        context.update(
            guides=shown,
            body_areas=areas,
            causes=causes,
            selected_area=area,
            selected_cause=cause,
            ignored_filter=bool(
                (request.GET.get("area") and not area)
                or (request.GET.get("cause") and not cause)
            ),
            filter_querystring=urlencode(filters),
        )
        return context


class PopularGuide(Orderable):
    """A guide the editors recommend when a reader's search finds nothing."""

    page = ParentalKey(
        GuideIndexPage, on_delete=models.CASCADE, related_name="popular_guide_links"
    )
    guide = models.ForeignKey(
        "guides.GuidePage", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("guide")]


class GuidePage(CachedPageMixin, ArticlePageMixin, Page):
    """An article about one kind of cramp or spasm: why, when it is serious, what helps.

    Every guide names its author, its medical reviewer and the date of the last review,
    cites a source, warns with at least one red flag before anything that sells, and
    carries the site's medical disclaimer. Drafts may lack any of it; publishing
    (directly, by workflow approval or on schedule) may not.
    """

    # What a guide needs before it goes live, with the names editors see.
    # Read on every view of the page: joined into the query that routes to it.
    route_select_related = ("author", "medical_reviewer", "hero_image", "social_image")

    TRUST_FIELDS = {
        "author": "author",
        "medical_reviewer": "medical reviewer",
        "last_reviewed": "last medical review date",
        "sources": "at least one source",
        "red_flags": "at least one red-flag warning",
    }

    author = models.ForeignKey(
        Contributor,
        null=True,
        on_delete=models.SET_NULL,
        related_name="authored_guides",
    )
    medical_reviewer = models.ForeignKey(
        Contributor,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_guides",
        verbose_name="medically reviewed by",
    )
    last_reviewed = models.DateField(null=True, verbose_name="last medical review")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty for twelve months after the last review.",
    )
    body = StreamField(GuideBodyBlock(), use_json_field=True)
    causes = ParentalManyToManyField(Cause, blank=True, related_name="guides")
    body_areas = ParentalManyToManyField(BodyArea, blank=True, related_name="guides")
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [
        PublishChecklistPanel(),
        FieldPanel("teaser"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel(
                    [
                        FieldPanel("medical_reviewer"),
                        FieldPanel("last_reviewed"),
                        FieldPanel("next_review_due"),
                    ]
                ),
            ],
            heading="Authorship and medical review",
            help_text=(
                "Needed to publish or submit for review: author, medical reviewer, "
                "review date, a source and a red-flag warning above any product."
            ),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("causes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("body_areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading="What this guide covers",
        ),
        InlinePanel("method_links", label="Relief methods this guide recommends"),
        InlinePanel("sources", label="Sources", min_num=1),
        InlinePanel(
            "related_guide_links",
            label="Related guides",
            help_text="Leave empty to suggest guides that share causes or body areas.",
            max_num=4,
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("body"),
        index.RelatedFields("causes", [index.SearchField("name")]),
        index.RelatedFields("body_areas", [index.SearchField("name")]),
    ]

    parent_page_types = ["guides.GuideIndexPage"]
    subpage_types: list[str] = []

    card_kind = "Guide"
    og_type = "article"

    class Meta:
        verbose_name = "guide"

    def __str__(self) -> str:
        return self.title

    @property
    def red_flags(self) -> list:
        return [block for block in self.body if block.block_type == RED_FLAG]

    def save(self, *args, **kwargs):
        if kwargs.get("clean", True) and self.live:
            refuse_incomplete_publish(self, self.TRUST_FIELDS)
            refuse_products_before_red_flags(self, self.body)
        self.next_review_due = self.next_review_due or next_review_after(
            self.last_reviewed
        )
        self.reading_minutes = self.compute_reading_minutes()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reading_minutes"}
        if update_fields is not None and "last_reviewed" in update_fields:
            kwargs["update_fields"] = {*kwargs["update_fields"], "next_review_due"}
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Previews and drafts show the reading time of what the editor wrote.
        self.reading_minutes = self.compute_reading_minutes()

    # --- reading time --------------------------------------------------------------
    def compute_reading_minutes(self) -> int:
        text = " ".join(
            [self.title, self.teaser]
            + self.body.stream_block.get_searchable_content(self.body)
        )
        words = len(strip_tags(text).split())
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    # --- the knowledge graph ------------------------------------------------------
    # The chips, related guides and JSON-LD all read these: one query each per render.
    # Lists of instances, not values_list("pk"): in a preview these are modelcluster's
    # in-memory querysets, which know no "pk" alias.
    @cached_property
    def topic_causes(self) -> list[Cause]:
        return list(self.causes.all())

    @cached_property
    def topic_body_areas(self) -> list[BodyArea]:
        return list(self.body_areas.all())

    @cached_property
    def relief_methods(self) -> list["ReliefMethodPage"]:
        links = live_links(
            self.method_links, "method", select=("method", "method__hero_image")
        )
        return [link.method for link in links]

    def related_guides(self, limit: int = 3) -> list["GuidePage"]:
        """The editors' choice; otherwise guides sharing the most causes/body areas.

        A saved page answers in one query: the chosen guides and the best-matching
        siblings come back together, chosen first, and the siblings are dropped
        when the editors chose any. A preview's choices are still in memory
        (modelcluster), so they are read from there.
        """
        links = self.related_guide_links.all()
        if not self.pk or not isinstance(links, models.QuerySet):
            chosen = [
                link.guide
                for link in live_links(
                    self.related_guide_links,
                    "guide",
                    select=("guide", "guide__hero_image"),
                    public_only=True,
                )
            ]
            return chosen[:limit] or self._guides_sharing_topics(limit)
        chosen_order = Subquery(
            RelatedGuide.objects.filter(page_id=self.pk, guide_id=OuterRef("pk"))
            .order_by("sort_order", "pk")
            .values("sort_order")[:1]
        )
        candidates = self._guide_candidates().annotate(chosen_order=chosen_order)
        shared = self._shared_topics()
        if shared is None:
            candidates = candidates.filter(chosen_order__isnull=False).annotate(
                shared=Value(0)
            )
        else:
            candidates = candidates.annotate(shared=shared).filter(
                Q(chosen_order__isnull=False) | Q(shared__gt=0, **self._sibling_of())
            )
        rows = list(
            candidates.order_by(
                F("chosen_order").asc(nulls_last=True), "-shared", NEWEST_FIRST
            )[:limit]
        )
        if rows and rows[0].chosen_order is not None:
            return [row for row in rows if row.chosen_order is not None]
        return rows

    def _guide_candidates(self):
        # Guides are siblings under the one guide index, so they share this guide's
        # ancestors: a restriction of their own is the only one left to check (as
        # `live_links(public_only=True)` does), without `public()`'s extra query.
        return (
            GuidePage.objects.live()
            .exclude(pk=self.pk)
            .filter(view_restrictions__isnull=True)
            .defer_streamfields()
            .select_related("hero_image")
        )

    def _sibling_of(self) -> dict:
        return {"path__startswith": self.path[: -self.steplen], "depth": self.depth}

    def _shared_topics(self):
        """How many of this guide's causes and body areas a guide shares (an
        expression), or None when this guide has neither."""
        cause_ids = [cause.pk for cause in self.topic_causes]
        area_ids = [area.pk for area in self.topic_body_areas]
        # An empty IN () would empty the whole query, so only count what exists.
        counts = [
            Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True)
            for relation, ids in (("causes", cause_ids), ("body_areas", area_ids))
            if ids
        ]
        return sum(counts[1:], start=counts[0]) if counts else None

    def _guides_sharing_topics(self, limit: int) -> list["GuidePage"]:
        shared = self._shared_topics() if self.pk else None
        if shared is None:
            return []
        return list(
            self._guide_candidates()
            .filter(**self._sibling_of())
            .annotate(shared=shared)
            .filter(shared__gt=0)
            .order_by("-shared", NEWEST_FIRST)[:limit]
        )

    def shop_products(
        self, request, cards: CardProducts | None = None, limit: int = 6
    ) -> list[ProductWithNote]:
        """'Shop this guide': its methods' products, deduplicated, in stock first."""
        methods = self.relief_methods
        if not methods:
            return []
        ReliefMethodPage.prefetch_for_links(methods)
        links, seen = [], set()
        for method in methods:
            for link in method.live_product_links:
                if link.product_id not in seen:
                    seen.add(link.product_id)
                    links.append(link)
        items = (cards or CardProducts()).with_notes(links)
        return in_stock_first(items, request)[:limit]

    def tree_lookups(self, request) -> "GuideTreeLookups":
        """What the guide shows from the page tree: its methods, related guides,
        topics and sources.

        They change only when a page is published, unpublished, moved or deleted,
        a view restriction changes, or a picture, cause or body area is saved, so a
        live guide reads them once per page-tree generation (`home/tree_cache.py`);
        a preview, whose links are still in memory, loads its own.
        """
        lookups = per_tree_generation(
            self, request, TREE_LOOKUPS_VERSION, self._load_tree_lookups
        )
        # The rest of the page (structured data, shop cards) reads the properties.
        self.__dict__.update(
            relief_methods=lookups.relief_methods,
            topic_causes=lookups.causes,
            topic_body_areas=lookups.body_areas,
        )
        return lookups

    def _load_tree_lookups(self) -> "GuideTreeLookups":
        # The methods' live product links change only with the tree too: kept with
        # them, so "Shop this guide" needs no query of its own.
        ReliefMethodPage.prefetch_for_links(self.relief_methods)
        return GuideTreeLookups(
            relief_methods=self.relief_methods,
            related_guides=self.related_guides(),
            causes=self.topic_causes,
            body_areas=self.topic_body_areas,
            sources=list(self.sources.all()),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Everything the page shows is loaded here, in a fixed number of queries
        # whatever it links to; the templates only read it.
        select_related_into(self, *self.route_select_related)
        lookups = self.tree_lookups(request)
        cards = CardProducts()
        stream = prime_stream_pages(self.body, cards, methods=self.relief_methods)
        related_guides = lookups.related_guides
        # The pictures shown outside kept cards (`picture_key`), in one query.
        prefetch_renditions(
            [
                self.hero_image,
                self.social_image,
                *(method.hero_image for method in stream.methods),
            ]
        )
        context.update(
            body_key=body_key(self, request, cards, stream.product_ids),
            card_products=cards,
            relief_methods=self.relief_methods,
            related_guides=related_guides,
            shop_products=self.shop_products(request, cards),
            guide_index_url=guide_index_url(request, self),
            guide_causes=self.topic_causes,
            guide_body_areas=self.topic_body_areas,
            sources=lookups.sources,
            json_ld=guide_json_ld(self, request),
        )
        return context


# Part of the tree-cache key: change it whenever GuideTreeLookups changes shape.
TREE_LOOKUPS_VERSION = 2


@dataclass
class GuideTreeLookups:
    """A guide's page-tree lookups, as `GuidePage.tree_lookups` keeps them."""

    relief_methods: list
    related_guides: list
    causes: list
    body_areas: list
    sources: list


class GuideReliefMethod(Orderable):
    """A relief method a guide recommends, in the order the guide presents them."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="method_links")
    method = models.ForeignKey(
        "guides.ReliefMethodPage", on_delete=models.CASCADE, related_name="guide_links"
    )

    panels = [FieldPanel("method")]


class GuideSource(Orderable):
    """A reference the guide's facts rest on."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(max_length=250)
    url = models.URLField(max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]


class RelatedGuide(Orderable):
    """An editor's choice of further reading at the end of a guide."""

    page = ParentalKey(
        GuidePage, on_delete=models.CASCADE, related_name="related_guide_links"
    )
    guide = models.ForeignKey(GuidePage, on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("guide")]
