"""Template helpers for guide blocks: card-ready products and page-kind labels."""

from django import template

from guides.products import ProductWithNote, for_context
from shop.catalogue.models import ProductPage

register = template.Library()


@register.simple_tag(takes_context=True)
def card_products_for(context, products) -> list[ProductPage]:
    """Card-ready versions of one product or a list of them, in order.

    Pages load every product they show up front (guides.models.prime_stream_pages),
    so this queries only where nothing was loaded, such as an admin block preview.
    Unpublished or unsellable products are left out.
    """
    if products is None:
        return []
    if isinstance(products, ProductPage):
        products = [products]
    return for_context(context).get(p.pk for p in products if p is not None)


@register.simple_tag(takes_context=True)
def method_products(context, method, limit) -> list[ProductWithNote]:
    """The first `limit` suitable products of a relief method, with their notes."""
    links = method.live_product_links[: int(limit or 0)]
    return for_context(context).with_notes(links)


@register.filter
def page_kind(page) -> str:
    """'Guide', 'Relief method', 'Product'... from the page type, without a query."""
    return getattr(page.specific_class, "card_kind", "") if page else ""
