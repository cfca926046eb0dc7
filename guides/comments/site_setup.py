"""Marketers moderate reader comments and keep the blocklist.

Run by a data migration, and again by the demo (browser tests flush the database).
Uses only `apps.get_model`, like `guides.site_setup`, so both paths agree.
"""

from django.apps import apps as global_apps

from guides.site_setup import MARKETERS_GROUP, permission

PERMISSIONS = [
    ("comments", "comment", "view_comment"),
    ("comments", "comment", "change_comment"),
    ("home", "blockedterm", "view_blockedterm"),
    ("home", "blockedterm", "add_blockedterm"),
    ("home", "blockedterm", "change_blockedterm"),
    ("home", "blockedterm", "delete_blockedterm"),
]


def ensure_marketers_moderate_comments(apps=global_apps) -> None:
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=MARKETERS_GROUP)
    for app_label, model, codename in PERMISSIONS:
        group.permissions.add(permission(apps, app_label, model, codename))
