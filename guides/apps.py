from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"

    def ready(self):
        # Imported here: it needs the models, which exist only once apps are ready.
        from . import site_search

        site_search.register()
