"""Marketers maintain the finder's logic: the same group that writes the guides.

Run by a data migration, and again by the demo (browser tests flush the database).
Uses only `apps.get_model`, like `guides.site_setup`, so both paths agree.
"""

from django.apps import apps as global_apps

from guides.site_setup import MARKETERS_GROUP, _permission

SNIPPETS = ["redflag", "finderquestion", "causeprofile"]
ACTIONS = ["add", "change", "delete", "view"]


def ensure_marketers_edit_finder(apps=global_apps) -> None:
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=MARKETERS_GROUP)
    for model in SNIPPETS:
        for action in ACTIONS:
            group.permissions.add(
                _permission(apps, "finder", model, f"{action}_{model}")
            )
