from django import template

register = template.Library()


@register.filter
def sold_out(variant_options) -> list:
    """The product page's variant options a shopper cannot buy now."""
    return [option for option in variant_options if not option.state.purchasable]
