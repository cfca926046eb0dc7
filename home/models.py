"""The home page, the editor-tunable values that apply to the whole site, and the
body-area taxonomy.

`home` is the base layer: guides and the shop both import it and it imports neither,
which is why the taxonomy they share (`BodyArea`) lives here.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import HomeStreamBlock

# The double opt-in throttle is a model of this app; its module explains it.
from .double_opt_in import ConfirmationMail  # noqa: F401
from .page_cache import CachedPageMixin
from .prefetch import load_cards, prefetch_renditions, select_related_into
from .routing import ChainRoutingMixin
from .tree_cache import per_tree_generation, tree_cached


class HomePage(ChainRoutingMixin, CachedPageMixin, Page):
    """The site root: a hero plus rows of featured guides, methods and products."""

    hero_title = models.CharField(
        max_length=120, default="Ease the cramp, understand the cause"
    )
    hero_intro = models.TextField(
        blank=True,
        max_length=400,
        help_text="One or two sentences under the hero title.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_text = models.CharField(
        max_length=40, blank=True, default="Read the guides"
    )
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(HomeStreamBlock(), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_text"),
                FieldPanel("hero_cta_page"),
            ],
            heading="Hero",
        ),
        FieldPanel("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The hero and every featured card load here, in a fixed number of queries
        # whatever the editors feature, once per page-tree generation (they change
        # only when a page or a picture does); the blocks read `featured_cards`.
        hero_image, hero_cta_page, cards = per_tree_generation(
            self, request, HOME_LOOKUPS_VERSION, self._load_hero_and_cards
        )
        for name, value in (
            ("hero_image", hero_image),
            ("hero_cta_page", hero_cta_page),
        ):
            field = self._meta.get_field(name)
            if getattr(self, field.attname) == getattr(value, "pk", None):
                field.set_cached_value(self, value)
        prefetch_renditions(
            [self.hero_image, *(card.card_image for card in cards.values())]
        )
        context["featured_cards"] = cards
        return context

    def _load_hero_and_cards(self) -> tuple:
        select_related_into(self, "hero_image", "hero_cta_page")
        cards = load_cards(
            page
            for block in self.body
            if block.block_type == "featured_pages"
            for page in block.value["pages"]
        )
        return self.hero_image, self.hero_cta_page, cards


# Part of the tree-cache key of the home page's hero and cards: change it whenever
# what `HomePage._load_hero_and_cards` returns changes shape.
HOME_LOOKUPS_VERSION = 1


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Site-wide values that marketers and shop managers may tune without a deploy."""

    medical_disclaimer = models.TextField(
        default=(
            "Unknot explains muscle cramps and spasms for general education. It is not "
            "medical advice and does not replace a doctor. If a cramp is severe, keeps "
            "coming back or comes with chest pain, numbness or swelling, see a doctor."
        ),
        help_text="Shown in the footer and on every guide.",
    )
    contact_email = models.EmailField(default="hello@unknot.example")
    free_shipping_threshold = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=settings.SHOP_DEFAULT_FREE_SHIPPING_THRESHOLD,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Orders at or above this subtotal ship free.",
    )
    flat_shipping_price = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        default=settings.SHOP_DEFAULT_FLAT_SHIPPING,
        validators=[MinValueValidator(Decimal("0"))],
    )
    low_stock_threshold = models.PositiveIntegerField(
        default=settings.SHOP_DEFAULT_LOW_STOCK_THRESHOLD,
        help_text="Default level at or below which a SKU counts as low stock.",
    )
    delivery_days_min = models.PositiveSmallIntegerField(
        default=2, verbose_name="delivery time from (working days)"
    )
    delivery_days_max = models.PositiveSmallIntegerField(
        default=4,
        verbose_name="delivery time to (working days)",
        help_text="Shown on product pages; the shipping page gives it per country.",
    )

    panels = [
        FieldPanel("medical_disclaimer"),
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("free_shipping_threshold"),
                FieldPanel("flat_shipping_price"),
                FieldPanel("delivery_days_min"),
                FieldPanel("delivery_days_max"),
            ],
            heading="Shipping",
        ),
        FieldPanel("low_stock_threshold"),
    ]

    class Meta:
        verbose_name = "site settings"


class PolicyPage(CachedPageMixin, Page):
    """A page the law asks an online shop to carry (returns and withdrawal, shipping,
    privacy, terms, legal notice, cookies), kept by editors like any other page.

    `kind` lets the footer, checkout and e-mails link to the right page wherever it
    lives and whatever its slug; `version` is what an order records when the shopper
    accepts the terms, so change it whenever the wording changes.
    """

    KIND_CHOICES = [
        ("terms", "Terms and conditions"),
        ("returns", "Returns and right of withdrawal"),
        ("shipping", "Shipping and delivery"),
        ("privacy", "Privacy"),
        ("cookies", "Cookies"),
        ("imprint", "Legal notice"),
    ]

    kind = models.CharField(max_length=20, choices=KIND_CHOICES, unique=True)
    version = models.CharField(
        max_length=40,
        help_text="Change it whenever the wording changes, e.g. 2026-11.",
    )
    intro = models.TextField(max_length=400, blank=True)
    body = RichTextField(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("version"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "policy page"

    @classmethod
    def live_by_kind(cls) -> dict[str, "PolicyPage"]:
        """The live policy pages, keyed by kind, in the order of KIND_CHOICES."""

        # One query until the page tree changes (home/tree_cache.py): policy pages
        # are public by nature, so a page with a view restriction does not count.
        def lookup():
            live = cls.objects.live().filter(view_restrictions__isnull=True)
            pages = {page.kind: page for page in live.only("title", "url_path", "kind")}
            return {kind: pages[kind] for kind, _ in cls.KIND_CHOICES if kind in pages}

        return tree_cached("policy-pages", lookup)


class BodyArea(index.Indexed, models.Model):
    """Where a cramp or spasm is felt (calf, lower back, neck...).

    One taxonomy shared by guides and products, so a reader filtering guides by "calf"
    and a shopper filtering products by "calf" mean the same thing. It lives in the
    base layer so neither side owns it; the table keeps the name it was created with
    in the catalogue (`catalogue_bodyarea`) so moving it here lost no data.
    """

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    search_fields = [
        index.SearchField("name"),
        index.SearchField("slug"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        db_table = "catalogue_bodyarea"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class BlockedTerm(models.Model):
    """A word, phrase or domain that reader comments and reviews may not contain.

    Marketers keep the list (Snippets → Blocked terms); `home.user_content` refuses a
    submission that contains any of them, telling the reader which, so nothing
    reaches the moderation queue that would never be published anyway.
    """

    term = models.CharField(
        max_length=100,
        unique=True,
        help_text="A word, phrase or domain; matched as a whole word, in any case.",
    )
    note = models.CharField(
        max_length=200, blank=True, help_text="Why it is blocked (for colleagues)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("term"), FieldPanel("note")]

    class Meta:
        ordering = ["term"]
        verbose_name = "blocked term"

    def __str__(self) -> str:
        return self.term

    def clean(self):
        self.term = " ".join(self.term.split())
