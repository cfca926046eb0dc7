"""Marketers see newsletter subscribers and delete one on request."""

from django.db import migrations

CODENAMES = ["view_newslettersubscriber", "delete_newslettersubscriber"]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="newsletter", model="newslettersubscriber"
    )
    permissions = [
        Permission.objects.get_or_create(
            content_type=content_type,
            codename=codename,
            defaults={"name": f"Can {codename.replace('_', ' ')}"},
        )[0]
        for codename in CODENAMES
    ]
    group, _ = Group.objects.get_or_create(name="Marketers")
    group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("guides", "0002_sections_marketers_workflow"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
