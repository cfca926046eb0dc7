from django.apps import AppConfig


class InventoryConfig(AppConfig):
    """Stock per variant and its ledger. Sits below the catalogue: it never imports
    it, and reaches variants through the StockLevel relation or by model label."""

    name = "shop.inventory"
    label = "inventory"

    def ready(self):
        # Imported in ready(): models (and modules using them) load only once the
        # app registry is ready.
        from django.db.models.signals import post_save

        from .signals import create_stock_level

        # A lazy string sender: the catalogue app may load after this one, and
        # importing its models from here would point the layers the wrong way.
        post_save.connect(
            create_stock_level,
            sender="catalogue.ProductVariant",
            dispatch_uid="stock-for-variant",
        )
