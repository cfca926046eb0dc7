from django.apps import AppConfig


class DiscountsConfig(AppConfig):
    """Discount codes: what staff offer, what a cart's code takes off, and how often
    each code has been used. Sits above the catalogue (codes may be limited to its
    categories and products) and below the cart and orders, which use it; it names
    orders only by their reference."""

    name = "shop.discounts"
    label = "discounts"
    verbose_name = "Discount codes"
