from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        # Models can only be imported once the app registry is ready. The shop's and
        # the site search's extension points are filled here, so neither the shop
        # nor home ever imports guides.
        from home.tree_cache import changes_with_the_tree

        from . import shop_extensions, site_search
        from .models import Cause, Contributor

        shop_extensions.register()
        site_search.register()
        # A guide's tree-cached lookups carry its causes (`GuidePage.tree_lookups`);
        # its cached route carries its author and reviewer (home/routing.py).
        changes_with_the_tree(Cause, Contributor)
