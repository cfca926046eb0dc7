from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "shop.cart"
    label = "cart"

    def ready(self):
        from home.extensions import register_visitor_field

        from .services import count_items

        # Cached pages fill the header's cart count from /visitor.json.
        register_visitor_field("cart_count", count_items)
