from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        # Signal handlers use the models, so they connect once the registry is ready.
        from . import signals

        signals.connect()
