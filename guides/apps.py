from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        # Models can only be imported once the app registry is ready. The shop's and
        # the site search's extension points are filled here, so neither the shop
        # nor home ever imports guides.
        from . import shop_extensions, site_search

        shop_extensions.register()
        site_search.register()
