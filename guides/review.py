"""The review rule for guide content: every change goes through "Guide review".

Health content is checked by a second person before readers see it. Wagtail lets
anyone with publish permission skip a workflow, and it also requires that permission
from whoever approves the last task (approval publishes). So Marketers hold publish
permission (to approve and to schedule) but, unlike admins, never get a direct
"Publish" on pages under the review workflow: wagtail_hooks.py applies this rule to
the action menu, create/edit submissions and bulk publishing.
"""

from .site_setup import WORKFLOW_NAME


def review_required(user, page) -> bool:
    """True when `user` may only publish `page` (or its new children) by approval."""
    if user.is_superuser or page is None:
        return False
    workflow = page.get_workflow()
    return bool(workflow and workflow.active and workflow.name == WORKFLOW_NAME)
