"""The three staff roles and what each may do in the Wagtail admin: the living
definition.

Roles are Django groups. `ensure_roles()` creates them (and the few custom
permissions the shop uses) and only ever ADDS permissions: the content app's data
migration also sets up the Marketers group with its page permissions and moderation
workflow, and neither side may undo the other. It is idempotent and runs after every
`migrate` (post_migrate, see apps.py), from the demo command and from tests whose
database was flushed. The inventory migrations 0002/0004 created the groups first
with a frozen copy of this definition; running this one after every migrate is what
brings existing databases up to date when it grows.

It takes an `apps` registry so a migration could pass its historical models; every
model it touches is looked up through it, and a model that does not exist yet (an app
whose tables come later) is skipped for now and picked up by the next call.
"""

from django.apps import apps as global_apps

MARKETERS = "Marketers"
INVENTORY_STAFF = "Inventory staff"
SHOP_MANAGERS = "Shop managers"

# (app_label, model, codename, name): permissions the shop checks that Django does
# not create by itself. Stored as ordinary Permission rows on the model's content type.
CUSTOM_PERMISSIONS = [
    ("inventory", "stocklevel", "view_shop_reports", "Can view shop reports"),
    ("orders", "order", "fulfil_order", "Can pack, ship, deliver and cancel orders"),
    ("orders", "order", "refund_order", "Can refund orders and cancel paid ones"),
]

ACCESS_ADMIN = ("wagtailadmin", "admin", "access_admin")

# Model permissions per role, as (app_label, model, codename).
_CONTENT = [
    ACCESS_ADMIN,
    ("home", "bodyarea", "add_bodyarea"),
    ("home", "bodyarea", "change_bodyarea"),
    ("home", "bodyarea", "view_bodyarea"),
]
_STOCK = [
    ACCESS_ADMIN,
    ("inventory", "stocklevel", "view_stocklevel"),
    ("inventory", "stocklevel", "change_stocklevel"),
    ("inventory", "stockmovement", "view_stockmovement"),
    ("inventory", "purchaseorder", "view_purchaseorder"),
    ("inventory", "purchaseorder", "add_purchaseorder"),
    ("inventory", "purchaseorder", "change_purchaseorder"),
    ("catalogue", "productvariant", "view_productvariant"),
    ("orders", "order", "view_order"),
    ("orders", "order", "fulfil_order"),
]
_MANAGER_ONLY = [
    ("inventory", "stocklevel", "view_shop_reports"),
    ("orders", "order", "refund_order"),
    ("catalogue", "productvariant", "add_productvariant"),
    ("catalogue", "productvariant", "change_productvariant"),
    ("catalogue", "productvariant", "delete_productvariant"),
    ("home", "bodyarea", "delete_bodyarea"),
    ("home", "sitesettings", "change_sitesettings"),
    # Moderating product reviews: approve, reject, reply (change), delete.
    ("reviews", "review", "view_review"),
    ("reviews", "review", "change_review"),
    ("reviews", "review", "delete_review"),
    ("discounts", "discountcode", "view_discountcode"),
    ("discounts", "discountcode", "add_discountcode"),
    ("discounts", "discountcode", "change_discountcode"),
]

MODEL_PERMISSIONS = {
    MARKETERS: _CONTENT,
    INVENTORY_STAFF: _STOCK,
    SHOP_MANAGERS: _CONTENT + _STOCK + _MANAGER_ONLY,
}

# Page permissions on the home page (so: every page of the site). Marketers write and
# submit for moderation; shop managers also publish.
PAGE_PERMISSIONS = {
    MARKETERS: ["add_page", "change_page"],
    SHOP_MANAGERS: ["add_page", "change_page", "publish_page"],
}

# Image and document permissions on the root collection.
COLLECTION_PERMISSIONS = {
    MARKETERS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
}
COLLECTION_PERMISSIONS[SHOP_MANAGERS] = COLLECTION_PERMISSIONS[MARKETERS]

# Groups whose members approve in every moderation workflow's group-approval tasks.
APPROVERS = [SHOP_MANAGERS]


def _model(apps, app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _permission(apps, app_label, model_name, codename, name=None):
    """The Permission row, created if its model exists but post_migrate has not run.

    Wagtail's `access_admin` hangs off a model without migrations, so it is never in
    a migration's app registry; it is created by name.
    """
    model = _model(apps, app_label, model_name)
    if (app_label, model_name, codename) == ACCESS_ADMIN:
        name = "Can access Wagtail admin"
    elif model is None:
        return None
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    content_type, _ = content_type_model.objects.get_or_create(
        app_label=app_label, model=model_name
    )
    if name is None:
        action, _sep, _rest = codename.partition("_")
        name = f"Can {action} {model._meta.verbose_name}"
    permission, _ = permission_model.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name[:255]}
    )
    return permission


def ensure_custom_permissions(apps=global_apps) -> None:
    for app_label, model_name, codename, name in CUSTOM_PERMISSIONS:
        _permission(apps, app_label, model_name, codename, name)


def ensure_roles(apps=global_apps) -> dict:
    """Create or complete the three groups; return them by name."""
    group_model = apps.get_model("auth", "Group")
    ensure_custom_permissions(apps)
    groups = {
        name: group_model.objects.get_or_create(name=name)[0]
        for name in (MARKETERS, INVENTORY_STAFF, SHOP_MANAGERS)
    }

    for group_name, entries in MODEL_PERMISSIONS.items():
        permissions = [p for p in (_permission(apps, *e) for e in entries) if p]
        groups[group_name].permissions.add(*permissions)

    _grant_page_permissions(apps, groups)
    _grant_collection_permissions(apps, groups)
    _join_approval_tasks(apps, groups)
    return groups


def _grant_page_permissions(apps, groups) -> None:
    page_model = apps.get_model("wagtailcore", "Page")
    grant_model = apps.get_model("wagtailcore", "GroupPagePermission")
    home_id = (
        page_model.objects.filter(depth=2).order_by("path").values_list("pk", flat=True)
    ).first()
    if home_id is None:
        return
    for group_name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            permission = _permission(apps, "wagtailcore", "page", codename)
            grant_model.objects.get_or_create(
                group=groups[group_name], page_id=home_id, permission=permission
            )


def _grant_collection_permissions(apps, groups) -> None:
    collection_model = apps.get_model("wagtailcore", "Collection")
    grant_model = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_id = (
        collection_model.objects.filter(depth=1).values_list("pk", flat=True).first()
    )
    if root_id is None:
        return
    for group_name, entries in COLLECTION_PERMISSIONS.items():
        for entry in entries:
            permission = _permission(apps, *entry)
            if permission is not None:
                grant_model.objects.get_or_create(
                    group=groups[group_name],
                    collection_id=root_id,
                    permission=permission,
                )


def _join_approval_tasks(apps, groups) -> None:
    """Let shop managers approve wherever a group-approval task exists."""
    task_model = _model(apps, "wagtailcore", "GroupApprovalTask")
    if task_model is None:
        return
    for task in task_model.objects.filter(active=True):
        task.groups.add(*(groups[name] for name in APPROVERS))


def ensure_roles_after_migrate(sender, using="default", **kwargs):
    """post_migrate: complete the groups with anything the living definition added
    since the data migrations ran (and recreate them after a flush). Idempotent and
    a few dozen queries, so it simply runs every time."""
    from django.db import router

    if router.allow_migrate_model(using, global_apps.get_model("auth", "Group")):
        ensure_roles()
