from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "shop.reviews"
    label = "reviews"
    verbose_name = "Product reviews"

    def ready(self):
        # The catalogue's and orders' extension points are filled here, so neither
        # ever imports reviews.
        from django.db.models.signals import post_delete, post_save

        from . import shop_extensions
        from .models import Review

        shop_extensions.register()
        # Cards read the rating stored in the catalogue's product summary: every
        # saved or deleted review (moderation, an admin's delete, a product's
        # deletion) copies its product's figures there, in the same transaction.
        post_save.connect(
            shop_extensions.review_changed, sender=Review, dispatch_uid="review-saved"
        )
        post_delete.connect(
            shop_extensions.review_changed, sender=Review, dispatch_uid="review-deleted"
        )
