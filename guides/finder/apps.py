from django.apps import AppConfig


class FinderConfig(AppConfig):
    """The relief finder: red-flag triage, then where and when it hurts, then the
    likely causes, the methods that help and the products that suit them."""

    name = "guides.finder"
    label = "finder"
    verbose_name = "Relief finder"

    def ready(self):
        # The site shell's signpost slot (home hero, empty search) is filled here, so
        # home never imports the finder.
        from . import signposts

        signposts.register()

        # A finder page created in the admin (or by code) joins "Guide review" and
        # becomes editable by Marketers at once, as the migration did for old ones.
        from django.db.models.signals import post_save

        from .pages import FinderPage

        post_save.connect(
            _finder_page_created, sender=FinderPage, dispatch_uid="finder-page-review"
        )


def _finder_page_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .site_setup import ensure_marketers_edit_finder

        ensure_marketers_edit_finder()
