from django.apps import AppConfig

from home.extensions import register_visitor_field


class CartConfig(AppConfig):
    name = "shop.cart"
    label = "cart"

    def ready(self):
        # Imported in ready(): models (and modules using them) load only once the
        # app registry is ready.
        from .services import count_items

        # Cached pages fill the header's cart count from /visitor.json.
        register_visitor_field("cart_count", count_items)
