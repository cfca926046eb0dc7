"""The guide sections, the Marketers group and the guide review workflow.

A data migration creates these on every database; the demo command calls the same
functions again because browser tests flush the database between tests. Every
function takes an app registry (the migration's historical one, or the real one) and
only uses `apps.get_model`, so the two paths cannot drift apart. All are idempotent.
"""

from django.apps import apps as global_apps
from django.db.models import F

MARKETERS_GROUP = "Marketers"
WORKFLOW_NAME = "Guide review"
TASK_NAME = "Marketing sign-off"

SECTIONS = [
    {
        "model": "GuideIndexPage",
        "title": "Guides",
        "slug": "guides",
        "intro": (
            "Why muscles cramp and spasm, when it is a reason to see a doctor, and "
            "what eases it. Filter by where it hurts or by what is behind it."
        ),
    },
    {
        "model": "ReliefMethodIndexPage",
        "title": "Relief methods",
        "slug": "relief",
        "intro": (
            "Step-by-step ways to ease a cramp or spasm, when each one helps, and the "
            "tools that make it easier."
        ),
    },
]

# Page permissions. Wagtail requires publish permission from whoever approves the
# review (approval publishes or schedules); guides/review.py hides the direct
# "Publish" from Marketers so their changes still go through the review.
PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
    ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
]
MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", ["access_admin"]),
    ("guides", "cause", ["add_cause", "change_cause", "view_cause"]),
    ("guides", "contributor", ["add_contributor", "change_contributor"]),
    ("guides", "contributor", ["view_contributor"]),
    ("home", "bodyarea", ["view_bodyarea"]),
    (
        "wagtailredirects",
        "redirect",
        ["add_redirect", "change_redirect", "delete_redirect"],
    ),
]

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_STEPLEN = 4


def _next_child_path(Page, parent) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    number = int(last[-_STEPLEN:], 36) + 1 if last else 1
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = _ALPHABET[remainder] + digits
    return parent.path + digits.rjust(_STEPLEN, "0")


def permission(apps, app_label: str, model: str, codename: str):
    """The Permission row `app_label.codename` on `model`, created when missing.

    For data migrations and set-up code of the guide apps (the finder's too): it
    works with a migration's historical app registry, where post_migrate has not
    yet created the permissions of models added in the same run.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": f"Can {codename.replace('_', ' ')}"},
    )
    return permission


def ensure_sections(apps=global_apps) -> list:
    """Create /guides/ and /relief/ under the home page if they are missing."""
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    home = Page.objects.filter(depth=2).order_by("path").first()
    if home is None:
        return []
    sections = []
    for spec in SECTIONS:
        model = apps.get_model("guides", spec["model"])
        existing = model.objects.first()
        if existing is not None:
            sections.append(existing)
            continue
        content_type, _ = ContentType.objects.get_or_create(
            app_label="guides", model=spec["model"].lower()
        )
        page = model(
            title=spec["title"],
            draft_title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            content_type=content_type,
            path=_next_child_path(Page, home),
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{spec['slug']}/",
            locale_id=home.locale_id,
            live=True,
            has_unpublished_changes=False,
        )
        page.save()
        Page.objects.filter(pk=home.pk).update(numchild=F("numchild") + 1)
        home.numchild += 1
        sections.append(page)
    return sections


def grant_page_permissions(apps, group, page) -> None:
    """Give `group` PAGE_PERMISSIONS on `page` and the pages below it."""
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page_id=page.pk,
            permission=permission(apps, "wagtailcore", "page", codename),
        )


def ensure_marketers_group(apps=global_apps, sections=None):
    """The Marketers group: write guides and methods, manage taxonomy and images."""
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    Collection = apps.get_model("wagtailcore", "Collection")

    group, _ = Group.objects.get_or_create(name=MARKETERS_GROUP)
    for app_label, model, codenames in MODEL_PERMISSIONS:
        for codename in codenames:
            group.permissions.add(permission(apps, app_label, model, codename))
    for page in sections if sections is not None else ensure_sections(apps):
        grant_page_permissions(apps, group, page)
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for app_label, model, codenames in COLLECTION_PERMISSIONS:
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=permission(apps, app_label, model, codename),
                )
    return group


def ensure_review_workflow(apps=global_apps, sections=None, group=None):
    """'Guide review': one sign-off by the Marketers group, on both guide sections.

    A marketer writes and submits; a colleague previews, approves (which publishes,
    or schedules when a go-live date is set) or requests changes with a comment.
    """
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    group = group or ensure_marketers_group(apps, sections)
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, active=True, content_type=task_type
        )
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task_id=task.pk, defaults={"sort_order": 0}
    )
    for page in sections if sections is not None else ensure_sections(apps):
        WorkflowPage.objects.update_or_create(
            page_id=page.pk, defaults={"workflow": workflow}
        )
    return workflow


def ensure_all(apps=global_apps) -> None:
    sections = ensure_sections(apps)
    group = ensure_marketers_group(apps, sections)
    ensure_review_workflow(apps, sections, group)
