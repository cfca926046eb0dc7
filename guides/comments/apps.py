from django.apps import AppConfig


class CommentsConfig(AppConfig):
    """Readers' questions and comments under guides and relief methods, moderated."""

    name = "guides.comments"
    label = "comments"
    verbose_name = "Reader questions and comments"

    def ready(self):
        # A comment form on a cached page read without JavaScript carries someone
        # else's CSRF token: the reader gets their text back for one more click.
        from django.db.models.signals import post_delete, post_save

        from home.extensions import register_csrf_failure_handler

        from . import services, views
        from .models import Comment

        register_csrf_failure_handler(views.is_comment_post, views.csrf_retry)
        # The first page of comments is kept per page-tree generation.
        post_save.connect(
            services.comment_changed, sender=Comment, dispatch_uid="comment-saved"
        )
        post_delete.connect(
            services.comment_changed, sender=Comment, dispatch_uid="comment-deleted"
        )
