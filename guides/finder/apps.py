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
