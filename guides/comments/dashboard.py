"""The marketers' admin-home panel: how many reader comments wait for moderation.

Two counts (one query), kept in Django's cache for a minute like the other panels;
each links to the queue filtered to what it counts.
"""

from django.core.cache import cache
from django.db.models import Count, Q
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import Comment, CommentStatus

CACHE_KEY = "comments:dashboard"
CACHE_SECONDS = 60


def queue_figures() -> dict:
    figures = cache.get(CACHE_KEY)
    if figures is None:
        figures = Comment.objects.pending().aggregate(
            pending=Count("pk", distinct=True),
            flagged=Count("pk", filter=Q(red_flags__isnull=False), distinct=True),
        )
        cache.set(CACHE_KEY, figures, CACHE_SECONDS)
    return figures


class CommentsPanel(Component):
    name = "reader_comments"
    template_name = "guides/comments/admin/dashboard_panel.html"
    order = 55

    def get_context_data(self, parent_context):
        index = reverse("comments_moderation:index")
        return {
            **queue_figures(),
            # The queue lists what waits first, so the plain listing is the queue.
            "pending_url": index,
            "flagged_url": f"{index}?status={CommentStatus.PENDING}&red_flags=true",
        }
