"""Settings → Background tasks: every task the worker ran, queued or gave up on.

Read-only: a task is retried by the code that owns its work (shop/orders/tasks.py)
or by `reconcile_payments`, never by editing its row. Superusers see it; give a
group "Can view db task result" in Settings → Groups to show it to others.
"""

from django_tasks_db.models import DBTaskResult
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import BlockedTerm


class ViewOnlyPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and super().user_has_permission(user, "view")


class BackgroundTaskViewSet(ModelViewSet):
    model = DBTaskResult
    name = "background-tasks"
    menu_label = "Background tasks"
    icon = "resubmit"
    add_to_settings_menu = True
    list_display = ["task_name", "status", "enqueued_at", "finished_at"]
    list_filter = ["status", "task_path"]
    search_fields = None
    ordering = ["-enqueued_at"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "task_path",
        "status",
        "args_kwargs",
        "enqueued_at",
        "started_at",
        "finished_at",
        "run_after",
        "worker_ids",
        "exception_class_path",
        "traceback",
    ]
    exclude_form_fields: list[str] = []


class BlockedTermViewSet(SnippetViewSet):
    """Snippets → Blocked terms: what reader comments and reviews may not contain."""

    model = BlockedTerm
    icon = "warning"
    menu_label = "Blocked terms"
    list_display = ["term", "note", "created_at"]
    search_fields = ["term", "note"]
    ordering = ["term"]
