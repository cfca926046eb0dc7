"""Site-wide admin: the background-task list under Settings, the blocked terms."""

from django_tasks_db.models import DBTaskResult
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from .viewsets import BackgroundTaskViewSet, BlockedTermViewSet, ViewOnlyPolicy

register_permission_policy(DBTaskResult, ViewOnlyPolicy(DBTaskResult))


@hooks.register("register_admin_viewset")
def register_background_tasks():
    return BackgroundTaskViewSet()


register_snippet(BlockedTermViewSet)
