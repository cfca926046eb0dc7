from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' questions and comments under guides and relief methods, moderated."""

    name = "guides.comments"
    label = "comments"
    verbose_name = "Reader questions and comments"

    def ready(self):
        # A comment form on a cached page read without JavaScript carries someone
        # else's CSRF token: the reader gets their text back for one more click.
        from home.extensions import register_csrf_failure_handler

        from . import views

        register_csrf_failure_handler(views.is_comment_post, views.csrf_retry)
