from django.apps import AppConfig

from home.extensions import (
    SearchKind,
    ShopWindow,
    register_search_kind,
    register_shop_window,
)


class CatalogueConfig(AppConfig):
    name = "shop.catalogue"
    label = "catalogue"

    def ready(self):
        # Models exist only once the app registry is ready, so they (and the signal
        # handlers that use them) are imported here rather than at module level.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import post_page_move

        from shop.inventory.signals import stock_changed, stock_levels_changed

        from .cards import products_for_cards
        from .listing import search_hits
        from .models import (
            ProductCategoryPage,
            ProductGalleryImage,
            ProductPage,
            ProductVariant,
        )
        from .signals import (
            reindex_product,
            stock_badge_changed,
            summarise_gallery_deleted,
            summarise_gallery_saved,
            summarise_stock_changed,
            summarise_variant_deleted,
            summarise_variant_saved,
            sync_moved_pages,
            sync_product_page_saved,
            variant_saved,
        )

        register_search_kind(
            SearchKind(
                "products",
                "Products",
                "Product",
                "product",
                (ProductPage, ProductCategoryPage),
                result_template="shop/catalogue/includes/search_result.html",
                load=search_hits,
            )
        )

        register_shop_window(
            ShopWindow(
                page_models=(ProductPage,),
                card_template="shop/catalogue/includes/product_card.html",
                stylesheet="css/shop.css",
                load=products_for_cards,
            )
        )

        post_save.connect(
            reindex_product, sender=ProductVariant, dispatch_uid="reindex-on-variant"
        )
        post_delete.connect(
            reindex_product, sender=ProductVariant, dispatch_uid="reindex-on-variant-rm"
        )
        post_save.connect(
            variant_saved, sender=ProductVariant, dispatch_uid="purge-on-variant"
        )
        stock_changed.connect(stock_badge_changed, dispatch_uid="purge-on-badge")
        # The stored product summaries listings read (models/summary.py).
        post_save.connect(
            summarise_variant_saved,
            sender=ProductVariant,
            dispatch_uid="summarise-on-variant",
        )
        post_delete.connect(
            summarise_variant_deleted,
            sender=ProductVariant,
            dispatch_uid="summarise-on-variant-rm",
        )
        stock_levels_changed.connect(
            summarise_stock_changed, dispatch_uid="summarise-on-stock"
        )
        # ... and the page fields the listing filters and sorts by.
        for sender in (ProductPage, Page):
            post_save.connect(
                sync_product_page_saved,
                sender=sender,
                dispatch_uid=f"summarise-on-{sender._meta.label_lower}",
            )
        post_page_move.connect(sync_moved_pages, dispatch_uid="summarise-on-move")
        post_save.connect(
            summarise_gallery_saved,
            sender=ProductGalleryImage,
            dispatch_uid="summarise-on-gallery",
        )
        post_delete.connect(
            summarise_gallery_deleted,
            sender=ProductGalleryImage,
            dispatch_uid="summarise-on-gallery-rm",
        )
