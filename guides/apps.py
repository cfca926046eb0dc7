from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        # Models can only be imported once the app registry is ready; the shop's
        # extension points are filled here so the shop never has to import guides.
        from .shop_extensions import register

        register()
