"""Template helpers for guide blocks: product cards and page-kind labels."""

from django import template

from guides.products import ProductCard, product_cards
from shop.catalogue.models import ProductPage

register = template.Library()


@register.simple_tag(takes_context=True)
def product_cards_for(context, products) -> list[ProductCard]:
    """Cards for one product or a list of them.

    Pages prime their blocks' products in bulk (see guides.models.prime_stream_pages);
    cards already built are reused, so this only queries in contexts that were not
    primed, such as a block preview in the admin.
    """
    if products is None:
        return []
    if isinstance(products, ProductPage):
        products = [products]
    products = [product for product in products if product and product.live]
    missing = [product for product in products if not hasattr(product, "card")]
    if missing:
        product_cards(missing, context.get("request"))
    return [product.card for product in products]


@register.simple_tag(takes_context=True)
def method_product_cards(context, method, limit) -> list[ProductCard]:
    """The first `limit` suitable products of a relief method, with their notes."""
    return method.top_product_cards(context.get("request"), limit=int(limit or 0))


@register.filter
def page_kind(page) -> str:
    """'Guide', 'Relief method', 'Product'... from the page type, without a query."""
    return getattr(page.specific_class, "card_kind", "") if page else ""
