"""Admin for reader comments: the moderation queue and the dashboard count."""

from wagtail import hooks

from .admin_views import MODERATE_COMMENT
from .dashboard import CommentsPanel
from .viewsets import CommentViewSet


@hooks.register("register_admin_viewset")
def register_comment_moderation():
    return CommentViewSet()


@hooks.register("construct_homepage_panels")
def add_comments_panel(request, panels):
    if request.user.has_perm(MODERATE_COMMENT):
        panels.append(CommentsPanel())
