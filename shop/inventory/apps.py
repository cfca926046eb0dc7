from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "shop.inventory"
    label = "inventory"

    def ready(self):
        from django.db.models.signals import post_save

        from shop.catalogue.models import ProductVariant

        from .signals import create_stock_level

        post_save.connect(
            create_stock_level, sender=ProductVariant, dispatch_uid="stock-for-variant"
        )

        from .attribution import count_add_to_cart

        post_save.connect(
            count_add_to_cart, sender="cart.CartLine", dispatch_uid="attribution-cart"
        )
