"""The guides' side of the contract with the shop (`shop/catalogue/extensions.py`).

Guides sit above the shop, so guides may import the catalogue but never the reverse.
Everything the shop shows about guides is supplied from here and registered when
the app is ready (`GuidesConfig.ready()`):

- product pages link the relief methods that recommend the product ("Helps with")
  and the guides that mention it in any block or inline ("Read more");
- the shop listing gets the "Relief method" filter (`?relief=<slug>`).

View-restricted pages are left out with `public_pages` (home/view_restrictions.py),
which adds nothing to these queries while no page on the site is restricted: they
run on every product page and listing.
"""

from django.db.models import Exists, IntegerField, OuterRef
from django.db.models.functions import Cast
from wagtail.models import Page, ReferenceIndex

from home.tree_cache import tree_cached
from home.view_restrictions import public_pages
from shop.catalogue.extensions import (
    ListingFilter,
    register_listing_filter,
    register_product_links,
)

from .models import ReliefMethodPage, ReliefMethodProduct

# Guides, relief methods and their index pages all count as "guides" here.
APP_LABEL = ReliefMethodPage._meta.app_label


class GuidesProductLinks:
    """Relief methods that recommend a product, and guides that mention it."""

    def recommending_pages(self, product) -> list[Page]:
        """Live relief-method pages listing the product among their suitable ones."""
        linked = ReliefMethodProduct.objects.filter(product_id=product.pk).values(
            "page_id"
        )
        return list(
            public_pages(ReliefMethodPage.objects.live())
            .filter(pk__in=linked)
            .order_by("title")
        )

    def mentioning_pages(self, product, *, exclude) -> list[Page]:
        """Live pages of this app that reference the product.

        Derived from Wagtail's reference index, so any block or inline that chooses
        the product counts; read as a subquery of the page query (one query).
        """
        referencing = (
            ReferenceIndex.get_references_to(product)
            .filter(base_content_type__app_label="wagtailcore")
            # Page references store the page's id as text.
            .annotate(page_id=Cast("object_id", IntegerField()))
            .values("page_id")
        )
        return list(
            public_pages(Page.objects.live())
            .filter(
                pk__in=referencing,
                content_type__app_label=ReliefMethodPage._meta.app_label,
            )
            .exclude(pk__in=[page.pk for page in exclude])
            .order_by("title")
        )


def relief_method_choices() -> list[tuple[str, str]]:
    """(slug, title) of live relief methods that recommend at least one live
    product, kept until the page tree next changes."""
    return tree_cached("guides:relief-method-choices", _read_relief_method_choices)


def _read_relief_method_choices() -> list[tuple[str, str]]:
    return list(
        public_pages(ReliefMethodPage.objects.live())
        .filter(
            Exists(
                ReliefMethodProduct.objects.filter(
                    page_id=OuterRef("pk"), product__live=True
                )
            )
        )
        .order_by("title")
        .values_list("slug", "title")
    )


def products_for_relief_method(products, slug: str):
    """Products linked to the live relief method with this slug."""
    return products.filter(
        Exists(
            ReliefMethodProduct.objects.filter(
                product_id=OuterRef("pk"), page__slug=slug, page__live=True
            )
        )
    )


RELIEF_METHOD_FILTER = ListingFilter(
    key="relief",
    label="Relief method",
    empty_label="Any relief method",
    choices=relief_method_choices,
    apply=products_for_relief_method,
)


def register() -> None:
    """Plug the guides into the shop's extension points (idempotent)."""
    register_product_links("guides", GuidesProductLinks())
    register_listing_filter(RELIEF_METHOD_FILTER)
