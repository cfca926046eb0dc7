from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "shop.reviews"
    label = "reviews"
    verbose_name = "Product reviews"

    def ready(self):
        # The catalogue's and orders' extension points are filled here, so neither
        # ever imports reviews.
        from . import shop_extensions

        shop_extensions.register()
