from django.apps import AppConfig


class AttributionConfig(AppConfig):
    """First-party, anonymous attribution: which pages of the site lead readers to
    products, carts and paid orders (daily sums per page, nothing per visitor)."""

    name = "shop.attribution"
    label = "attribution"

    def ready(self):
        # Imported in ready(): models (and modules using them) load only once the
        # app registry is ready.
        from django.db.models.signals import post_save

        from .counters import count_add_to_cart

        # By label: the cart is a lower layer, but a string sender needs no import
        # and does not care which app loads first.
        post_save.connect(
            count_add_to_cart, sender="cart.CartLine", dispatch_uid="attribution-cart"
        )
