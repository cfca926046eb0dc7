"""Relief methods: one way to ease a cramp, and the products that suit it.

Guides recommend relief methods (`guides.models.guides`) and relief methods list
the guides recommending them; that mutual link is the one import cycle here, broken
by importing the guide models inside the two methods that need them.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django import forms
from django.db import models
from django.db.models import prefetch_related_objects
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from guides.article_body import body_key
from guides.blocks import (
    RICH_TEXT_FEATURES,
    GuideStreamBlock,
    MethodStepsBlock,
    clean_rich_text,
)
from guides.products import CardProducts
from guides.structured_data import relief_method_json_ld
from home.models import BodyArea
from home.page_cache import CachedPageMixin
from home.prefetch import prefetch_renditions, select_related_into
from home.tree_cache import per_tree_generation
from shop.catalogue.models import ProductPage

from .checklist import PublishChecklistPanel
from .common import (
    NEWEST_FIRST,
    ArticlePageMixin,
    collect_pages,
    live_links,
    next_review_after,
    refuse_incomplete_publish,
    resolve_slug,
)
from .taxonomy import Cause, Contributor


class StreamPages(NamedTuple):
    """What `prime_stream_pages` found in a body."""

    #: The relief methods the body's blocks link to, their hero images loaded.
    methods: list["ReliefMethodPage"]
    #: Every product the body can show a card of, in the order found.
    product_ids: list[int]


def prime_stream_pages(stream_value, cards: CardProducts, methods=()) -> StreamPages:
    """Load, in a fixed number of queries, every product the page will show, and
    the hero images of the relief methods its blocks link to.

    Product blocks and relief-method blocks in the stream, and the page's own
    methods, all draw their cards from `cards`; without this each block would
    query on its own and thirty products would mean ninety queries.
    """
    pages = collect_pages(stream_value, [])
    stream_methods = [page for page in pages if isinstance(page, ReliefMethodPage)]
    share_hero_images(stream_methods, methods)
    ReliefMethodPage.prefetch_for_links([*methods, *stream_methods])
    body_ids = [page.pk for page in pages if isinstance(page, ProductPage)]
    for method in stream_methods:
        body_ids.extend(link.product_id for link in method.live_product_links)
    cards.load(
        [
            *body_ids,
            *(link.product_id for m in methods for link in m.live_product_links),
        ]
    )
    return StreamPages(stream_methods, list(dict.fromkeys(body_ids)))


def share_hero_images(methods, loaded) -> None:
    """Give `methods` (block values, loaded without their images) the hero images
    of the same methods in `loaded`, and fetch the rest in one query."""
    field = ReliefMethodPage._meta.get_field("hero_image")
    known = {
        method.pk: method.hero_image for method in loaded if field.is_cached(method)
    }
    for method in methods:
        if method.pk in known and method.hero_image_id == getattr(
            known[method.pk], "pk", None
        ):
            field.set_cached_value(method, known[method.pk])
    prefetch_related_objects(methods, "hero_image")


class ReliefMethodIndexPage(CachedPageMixin, Page):
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
        # No renditions for the cards' pictures: each card is kept rendered under
        # its picture's key (`picture_key`).
        methods = list(methods)
        context.update(
            methods=methods,
            causes=causes,
            selected_cause=cause,
            ignored_filter=bool(request.GET.get("cause") and not cause),
        )
        return context


class ReliefMethodPage(CachedPageMixin, ArticlePageMixin, Page):
    """One way to ease a cramp (stretching, a warm compress, a massage ball...).

    Says how to do it step by step, when it helps and when not to, which causes it
    addresses and which products suit it. The products are an ordered, editor-curated
    list with a reason for each; a method that needs no product says so. Methods
    sell directly, so like guides they need a medical reviewer, a review date, a
    source and their cautions (shown before the products) to be published.
    """

    # Read on every view of the page: joined into the query that routes to it.
    route_select_related = ("medical_reviewer", "hero_image", "social_image")

    TRUST_FIELDS = {
        "cautions": "cautions",
        "medical_reviewer": "medical reviewer",
        "last_reviewed": "last medical review date",
        "sources": "at least one source",
    }

    time_needed_minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Roughly how long one round takes."
    )
    steps = StreamField(MethodStepsBlock(min_num=1), use_json_field=True)
    when_it_helps = RichTextField(features=RICH_TEXT_FEATURES)
    cautions = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="When not to use this method, and when to see a doctor instead. "
        "Shown above the products.",
    )
    medical_reviewer = models.ForeignKey(
        Contributor,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_methods",
        verbose_name="medically reviewed by",
    )
    last_reviewed = models.DateField(null=True, verbose_name="last medical review")
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Leave empty for twelve months after the last review.",
    )
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
        PublishChecklistPanel(),
        FieldPanel("teaser"),
        FieldPanel("hero_image"),
        FieldPanel("time_needed_minutes"),
        FieldPanel("steps"),
        FieldPanel("when_it_helps"),
        FieldPanel("cautions"),
        MultiFieldPanel(
            [
                FieldPanel("medical_reviewer"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review_due"),
            ],
            heading="Medical review",
        ),
        InlinePanel("sources", label="Sources", min_num=1),
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
        if kwargs.get("clean", True) and self.live:
            refuse_incomplete_publish(self, self.TRUST_FIELDS)
        self.next_review_due = self.next_review_due or next_review_after(
            self.last_reviewed
        )
        self.when_it_helps = clean_rich_text(self.when_it_helps)
        self.cautions = clean_rich_text(self.cautions)
        return super().save(*args, **kwargs)

    @classmethod
    def prepare_chosen(cls, methods) -> None:
        """What a block's link to a method shows, loaded once and kept with the
        chosen method (home.blocks.KeptChooserMixin): its picture and products."""
        prefetch_related_objects(methods, "hero_image")
        cls.prefetch_for_links(methods)

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

    def guides_recommending(self, limit: int = 4, index=None) -> list:
        """Live public guides that recommend this method, newest first.

        Guides are children of the guide index; further up they share this page's
        ancestors. So given the index (`live_guide_index()`, which says whether it
        is restricted), a guide's own restriction is the only other one to check,
        in the same query. Without it, `public()` reads every restriction first.
        """
        # Inherent cycle: guides recommend methods, methods list those guides.
        from .guides import GuidePage

        guides = GuidePage.objects.live().filter(method_links__method=self)
        if index is None:
            guides = guides.public()
        elif index.restricted:
            return []
        else:
            guides = guides.child_of(index).filter(view_restrictions__isnull=True)
        return list(
            guides.defer_streamfields()
            .select_related("hero_image")
            .distinct()
            .order_by(NEWEST_FIRST)[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        # Inherent cycle: cause links on a method page point at the guide index.
        from .guides import guide_index_url, live_guide_index

        context = super().get_context(request, *args, **kwargs)
        # Everything the page shows is loaded here, in a fixed number of queries
        # whatever it links to; the templates only read it.
        select_related_into(self, *self.route_select_related)

        def load_tree_lookups() -> MethodTreeLookups:
            guide_index = live_guide_index()
            return MethodTreeLookups(
                product_links=self.live_product_links,
                guide_index=guide_index,
                recommending_guides=self.guides_recommending(index=guide_index),
                causes=list(self.causes.all()),
                sources=list(self.sources.all()),
            )

        # What the method shows from the page tree changes only with it (see
        # `per_tree_generation`): read once per page-tree generation.
        lookups = per_tree_generation(
            self, request, TREE_LOOKUPS_VERSION, load_tree_lookups
        )
        self.__dict__["live_product_links"] = lookups.product_links
        guide_index = lookups.guide_index
        recommending_guides = lookups.recommending_guides
        cards = CardProducts()
        stream = prime_stream_pages(self.body, cards, methods=[self])
        products = cards.with_notes(self.live_product_links)
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
            suitable_products=products,
            method_causes=lookups.causes,
            guide_index_url=guide_index_url(request, index=guide_index),
            recommending_guides=recommending_guides,
            sources=lookups.sources,
            json_ld=relief_method_json_ld(self, request, products),
        )
        return context


# Part of the tree-cache key: change it whenever MethodTreeLookups changes shape.
TREE_LOOKUPS_VERSION = 1


@dataclass
class MethodTreeLookups:
    """A relief method's page-tree lookups, kept once per page-tree generation."""

    product_links: list
    guide_index: Page | None
    recommending_guides: list
    causes: list
    sources: list


class ReliefMethodProduct(Orderable):
    """A product that suits a relief method, with the editors' reason for it.

    The shop lists "relief methods this product helps with" from these rows through
    its extension points (`guides/shop_extensions.py`), without importing this app.
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


class ReliefMethodSource(Orderable):
    """A reference the method's advice rests on."""

    page = ParentalKey(
        ReliefMethodPage, on_delete=models.CASCADE, related_name="sources"
    )
    title = models.CharField(max_length=250)
    url = models.URLField(max_length=500)

    panels = [FieldPanel("title"), FieldPanel("url")]
