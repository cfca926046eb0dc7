"""Marketers maintain the finder: its page and its logic, like the guides they write.

The finder page says when to see a doctor, so it goes through the same "Guide review"
as guides: Marketers get the guides' page permissions on it and the page joins that
workflow (a marketer submits, a colleague or a shop manager approves).

Run by data migrations, by the demo (browser tests flush the database) and whenever
a finder page is created (`apps.py`). Uses only `apps.get_model` and the public
helpers of `guides.site_setup`, so every path agrees.
"""

from django.apps import apps as global_apps

from guides.site_setup import (
    MARKETERS_GROUP,
    WORKFLOW_NAME,
    grant_page_permissions,
    permission,
)

SNIPPETS = ["redflag", "finderquestion", "causeprofile"]
ACTIONS = ["add", "change", "delete", "view"]


def ensure_marketers_edit_finder(apps=global_apps) -> None:
    Group = apps.get_model("auth", "Group")
    FinderPage = apps.get_model("finder", "FinderPage")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    group, _ = Group.objects.get_or_create(name=MARKETERS_GROUP)
    for model in SNIPPETS:
        for action in ACTIONS:
            group.permissions.add(
                permission(apps, "finder", model, f"{action}_{model}")
            )
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    for page in FinderPage.objects.all():
        grant_page_permissions(apps, group, page)
        if workflow is not None:
            WorkflowPage.objects.update_or_create(
                page_id=page.pk, defaults={"workflow": workflow}
            )
