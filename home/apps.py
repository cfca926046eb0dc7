from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        # Signal handlers use the models, so they connect once the registry is ready.
        from django.db.models.signals import post_save
        from wagtail.images import get_image_model

        from . import signals
        from .renditions import image_saved

        signals.connect()
        post_save.connect(
            image_saved, sender=get_image_model(), dispatch_uid="pregenerate-renditions"
        )
