from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"

    def ready(self):
        # Signal handlers use the models, so they connect once the registry is ready.
        from django.db.models.signals import post_save
        from wagtail.images import get_image_model

        from . import (
            request_memo,
            routing,
            signals,
            site_lookup,
            tree_cache,
            view_restrictions,
        )
        from .extensions import register_visitor_field
        from .models import BodyArea
        from .renditions import image_saved
        from .user_content import STARTED_FIELD, form_started_token

        request_memo.connect()
        signals.connect()
        site_lookup.connect()
        # Tree-cached lookups carry pictures (focal point, file) and body areas.
        tree_cache.changes_with_the_tree(get_image_model(), BodyArea)
        # Cached routes carry each page's own fields (home/routing.py).
        post_save.connect(routing.page_saved, dispatch_uid="tree-page-saved")
        view_restrictions.connect()
        # Forms for readers' text on cached pages get their fill-time token from here.
        register_visitor_field(STARTED_FIELD, lambda request: form_started_token())
        post_save.connect(
            image_saved, sender=get_image_model(), dispatch_uid="pregenerate-renditions"
        )
