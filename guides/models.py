"""Guides: cause articles, relief-method pages and the taxonomy that links them.

The knowledge graph a reader walks: a guide covers causes and body areas and
recommends relief methods; a relief method addresses causes and names the products
that suit it. Products never know about guides: the shop reaches relief methods only
through the reverse relation `ProductPage.relief_method_links`.
"""

import math
import re
from collections.abc import Sequence

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, F, Q
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
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from home.models import BodyArea
from shop.catalogue.models import ProductPage

from .blocks import (
    RICH_TEXT_FEATURES,
    GuideStreamBlock,
    MethodStepsBlock,
    clean_rich_text,
)
from .products import CardProducts, ProductWithNote, in_stock_first
from .structured_data import guide_json_ld, relief_method_json_ld

WORDS_PER_MINUTE = 200
GUIDES_PER_PAGE = 12
# Pages never published (created in code, or in tests) sort after published ones.
NEWEST_FIRST = F("first_published_at").desc(nulls_last=True)
SLUG_PATTERN = re.compile(r"^[-a-z0-9_]{1,80}$")


class Contributor(index.Indexed, models.Model):
    """A named author or medical reviewer.

    Readers (and search engines) trust health content more when they can see who wrote
    it and which professional checked it; one record is reused across many guides.
    """

    name = models.CharField(max_length=100)
    job_title = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown next to the name, e.g. 'Physiotherapist (MSc)'.",
    )
    bio = models.TextField(blank=True, max_length=600)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("job_title"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("job_title"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name

    def as_schema_person(self) -> dict:
        person = {"@type": "Person", "name": self.name}
        if self.job_title:
            person["jobTitle"] = self.job_title
        return person


class Cause(index.Indexed, models.Model):
    """Why a cramp or spasm happens (dehydration, long sitting, nerve compression...).

    Guides say which causes they cover and relief methods say which causes they
    address, so a reader can go from "why" to "what helps". The relief methods that
    help with a cause are the live ReliefMethodPages naming it (`relief_methods`).
    """

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.TextField(
        max_length=500, help_text="Two or three plain sentences for readers."
    )
    red_flag_note = models.TextField(
        blank=True,
        max_length=500,
        help_text="When this cause needs a doctor. Shown as a red-flag warning.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("red_flag_note"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("summary"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def live_relief_methods(self):
        return self.relief_methods.live().public().order_by("title")


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

    @property
    def card_summary(self) -> str:
        return self.teaser


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


def prime_stream_pages(stream_value, cards: CardProducts, methods=()) -> None:
    """Load, in a fixed number of queries, every product the page will show.

    Product blocks and relief-method blocks in the stream, and the page's own
    methods, all draw their cards from `cards`; without this each block would
    query on its own and thirty products would mean ninety queries.
    """
    pages = collect_pages(stream_value, [])
    methods = [
        *methods,
        *(page for page in pages if isinstance(page, ReliefMethodPage)),
    ]
    product_ids = [page.pk for page in pages if isinstance(page, ProductPage)]
    if methods:
        ReliefMethodPage.prefetch_for_links(methods)
        for method in methods:
            product_ids.extend(link.product_id for link in method.live_product_links)
    cards.load(product_ids)


def live_links(relation, target: str, *, select=(), public_only=False) -> list:
    """An ordered inline's rows whose target page is live, in the editors' order.

    Saved pages get one joined query. In a preview the rows are still in memory
    (modelcluster), so they are filtered here instead.
    """
    rows = relation.all()
    if isinstance(rows, models.QuerySet):
        rows = rows.filter(**{f"{target}__live": True})
        if public_only:
            rows = rows.filter(**{f"{target}__view_restrictions__isnull": True})
        return list(rows.select_related(*select).order_by("sort_order", "pk"))
    rows = sorted(rows, key=lambda row: row.sort_order or 0)
    return [
        row
        for row in rows
        if getattr(row, f"{target}_id") and getattr(row, target).live
    ]


def guide_index_url(request) -> str:
    """Where cause and body-area links point: the live guide index, filtered."""
    index = GuideIndexPage.objects.live().first()
    return index.get_url(request) if index else "/guides/"


class GuideIndexPage(Page):
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
        context.update(
            guides=paginator.get_page(request.GET.get("page")),
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


class GuidePage(ArticlePageMixin, Page):
    """An article about one kind of cramp or spasm: why, when it is serious, what helps.

    Every guide names its author, its medical reviewer and the date of the last review,
    and carries the site's medical disclaimer.
    """

    author = models.ForeignKey(
        Contributor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="authored_guides",
    )
    medical_reviewer = models.ForeignKey(
        Contributor,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_guides",
        verbose_name="medically reviewed by",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, verbose_name="last medical review"
    )
    body = StreamField(GuideStreamBlock(), use_json_field=True)
    causes = ParentalManyToManyField(Cause, blank=True, related_name="guides")
    body_areas = ParentalManyToManyField(BodyArea, blank=True, related_name="guides")
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [
                FieldPanel("author"),
                FieldRowPanel(
                    [FieldPanel("medical_reviewer"), FieldPanel("last_reviewed")]
                ),
            ],
            heading="Authorship and medical review",
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
        InlinePanel("sources", label="Sources"),
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

    def save(self, *args, **kwargs):
        self.reading_minutes = self.compute_reading_minutes()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "reading_minutes"}
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
    @cached_property
    def relief_methods(self) -> list["ReliefMethodPage"]:
        links = live_links(
            self.method_links, "method", select=("method", "method__hero_image")
        )
        return [link.method for link in links]

    def related_guides(self, limit: int = 3) -> list["GuidePage"]:
        """The editors' choice; otherwise guides sharing the most causes/body areas."""
        chosen = [
            link.guide
            for link in live_links(
                self.related_guide_links,
                "guide",
                select=("guide", "guide__hero_image"),
                public_only=True,
            )
        ]
        if chosen:
            return chosen[:limit]
        if not self.pk:
            return []
        # Iterate rather than values_list("pk"): in a preview these are modelcluster's
        # in-memory querysets, which know no "pk" alias.
        cause_ids = [cause.pk for cause in self.causes.all()]
        area_ids = [area.pk for area in self.body_areas.all()]
        if not cause_ids and not area_ids:
            return []
        # An empty IN () would empty the whole query, so only count what exists.
        counts = [
            Count(relation, filter=Q(**{f"{relation}__in": ids}), distinct=True)
            for relation, ids in (("causes", cause_ids), ("body_areas", area_ids))
            if ids
        ]
        return list(
            GuidePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .annotate(shared=sum(counts[1:], start=counts[0]))
            .filter(shared__gt=0)
            .select_related("hero_image")
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

    def question_blocks(self) -> list:
        return [block.value for block in self.body if block.block_type == "question"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cards = CardProducts()
        prime_stream_pages(self.body, cards, methods=self.relief_methods)
        context.update(
            card_products=cards,
            relief_methods=self.relief_methods,
            related_guides=self.related_guides(),
            shop_products=self.shop_products(request, cards),
            guide_index_url=guide_index_url(request),
            guide_causes=list(self.causes.all()),
            guide_body_areas=list(self.body_areas.all()),
            sources=list(self.sources.all()),
            json_ld=guide_json_ld(self, request),
        )
        return context


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


class ReliefMethodIndexPage(Page):
    """`/relief/`: every relief method, optionally narrowed to one cause."""

    intro = models.TextField(blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["guides.ReliefMethodPage"]
    max_count = 1

    class Meta:
        verbose_name = "relief method index page"

    def methods(self):
        return (
            ReliefMethodPage.objects.child_of(self)
            .live()
            .public()
            .select_related("hero_image")
            .order_by("path")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        causes = list(Cause.objects.filter(relief_methods__live=True).distinct())
        cause = resolve_slug(request.GET.get("cause"), causes)
        methods = self.methods()
        if cause:
            methods = methods.filter(causes=cause)
        context.update(
            methods=list(methods),
            causes=causes,
            selected_cause=cause,
            ignored_filter=bool(request.GET.get("cause") and not cause),
        )
        return context


class ReliefMethodPage(ArticlePageMixin, Page):
    """One way to ease a cramp (stretching, a warm compress, a massage ball...).

    Says how to do it step by step, when it helps and when not to, which causes it
    addresses and which products suit it. The products are an ordered, editor-curated
    list with a reason for each; a method that needs no product says so.
    """

    time_needed_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Roughly how long one round takes."
    )
    steps = StreamField(MethodStepsBlock(min_num=1), use_json_field=True)
    when_it_helps = RichTextField(features=RICH_TEXT_FEATURES)
    cautions = RichTextField(features=RICH_TEXT_FEATURES, blank=True)
    body = StreamField(
        GuideStreamBlock(),
        blank=True,
        use_json_field=True,
        help_text="Optional extra content below the steps.",
    )
    causes = ParentalManyToManyField(
        Cause,
        blank=True,
        related_name="relief_methods",
        verbose_name="causes addressed",
    )
    body_areas = ParentalManyToManyField(
        BodyArea, blank=True, related_name="relief_methods"
    )
    no_products_text = models.TextField(
        blank=True,
        max_length=400,
        help_text="Shown instead of products when this method needs none.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        FieldPanel("hero_image"),
        FieldPanel("time_needed_minutes"),
        FieldPanel("steps"),
        FieldPanel("when_it_helps"),
        FieldPanel("cautions"),
        MultiFieldPanel(
            [
                FieldPanel("causes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("body_areas", widget=forms.CheckboxSelectMultiple),
            ],
            heading="What this method addresses",
        ),
        InlinePanel("suitable_products", label="Suitable products"),
        FieldPanel("no_products_text"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("teaser"),
        index.SearchField("steps"),
        index.SearchField("when_it_helps"),
        index.SearchField("body"),
        index.RelatedFields("causes", [index.SearchField("name")]),
    ]

    parent_page_types = ["guides.ReliefMethodIndexPage"]
    subpage_types: list[str] = []

    card_kind = "Relief method"

    class Meta:
        verbose_name = "relief method"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.when_it_helps = clean_rich_text(self.when_it_helps)
        self.cautions = clean_rich_text(self.cautions)
        return super().save(*args, **kwargs)

    @classmethod
    def prefetch_for_links(cls, methods) -> None:
        """Give each method `live_product_links` in one query for all of them."""
        pending = [m for m in methods if "live_product_links" not in m.__dict__]
        if not pending:
            return
        links = ReliefMethodProduct.objects.filter(
            page__in=[m.pk for m in pending], product__live=True
        ).order_by("sort_order", "pk")
        by_method: dict[int, list] = {m.pk: [] for m in pending}
        for link in links:
            by_method[link.page_id].append(link)
        for method in pending:
            method.__dict__["live_product_links"] = by_method.get(method.pk, [])

    @cached_property
    def live_product_links(self) -> list["ReliefMethodProduct"]:
        return live_links(self.suitable_products, "product")

    def guides_recommending(self, limit: int = 4) -> list[GuidePage]:
        return list(
            GuidePage.objects.live()
            .public()
            .filter(method_links__method=self)
            .select_related("hero_image")
            .distinct()
            .order_by(NEWEST_FIRST)[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cards = CardProducts()
        prime_stream_pages(self.body, cards, methods=[self])
        products = cards.with_notes(self.live_product_links)
        context.update(
            card_products=cards,
            suitable_products=products,
            method_causes=list(self.causes.all()),
            guide_index_url=guide_index_url(request),
            recommending_guides=self.guides_recommending(),
            json_ld=relief_method_json_ld(self, request, products),
        )
        return context


class ReliefMethodProduct(Orderable):
    """A product that suits a relief method, with the editors' reason for it.

    The shop lists "relief methods this product helps with" through
    `ProductPage.relief_method_links` without importing this app.
    """

    page = ParentalKey(
        ReliefMethodPage, on_delete=models.CASCADE, related_name="suitable_products"
    )
    product = models.ForeignKey(
        ProductPage, on_delete=models.CASCADE, related_name="relief_method_links"
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="why this product",
        help_text="One sentence on why this product suits the method.",
    )

    panels = [FieldPanel("product"), FieldPanel("note")]
