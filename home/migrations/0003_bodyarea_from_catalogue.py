"""BodyArea moves from the catalogue to `home`, the layer guides and the shop share.

Only Django's idea of where the model lives changes. The table keeps its name
(`catalogue_bodyarea`), so no row moves and no foreign key changes; the catalogue and
guides migrations that follow re-point their relations in the migration state only.

The ContentType row is renamed in place (catalogue.bodyarea -> home.bodyarea) rather
than left for `post_migrate` to create a new one, so everything that points at it by
id keeps working: permissions and the groups holding them, snippet chooser references,
Wagtail's ReferenceIndex rows, search index entries, log entries.
"""

import modelsearch.index
from django.db import migrations, models

OLD = {"app_label": "catalogue", "model": "bodyarea"}
NEW = {"app_label": "home", "model": "bodyarea"}


def _fold_permissions(apps, source, into) -> None:
    """Move the permissions of `source` onto `into`, keeping every group/user grant."""
    permission_model = apps.get_model("auth", "Permission")
    for permission in permission_model.objects.filter(content_type=source):
        twin = permission_model.objects.filter(
            content_type=into, codename=permission.codename
        ).first()
        if twin is None:
            permission.content_type = into
            permission.save(update_fields=["content_type"])
            continue
        for group in permission.group_set.all():
            group.permissions.add(twin)
        for user in permission.user_set.all():
            user.user_permissions.add(twin)
        permission.delete()


def rename_content_type(apps, schema_editor, *, source=OLD, target=NEW):
    content_type_model = apps.get_model("contenttypes", "ContentType")
    old = content_type_model.objects.filter(**source).first()
    if old is None:
        return  # a fresh database: nothing was ever recorded under the old name
    new = content_type_model.objects.filter(**target).first()
    if new is not None:
        # A row under the new name already exists only when something asked for it
        # before this ran (a data migration on a fresh database, or post_migrate
        # after migrating back and forth). The old row is the one that references
        # point at (ReferenceIndex, search entries, log entries), so it is kept: the
        # newcomer's permissions are folded into it and the newcomer removed.
        _fold_permissions(apps, new, old)
        new.delete()
    old.app_label = target["app_label"]
    old.save(update_fields=["app_label"])
    # The real ContentType manager caches rows by id and by natural key; drop what it
    # may have cached under the old name in this process.
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def restore_content_type(apps, schema_editor):
    rename_content_type(apps, schema_editor, source=NEW, target=OLD)


class Migration(migrations.Migration):

    dependencies = [
        ("home", "0002_create_homepage"),
        # The table is created by the catalogue's first migration.
        ("catalogue", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="BodyArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(max_length=60, unique=True)),
                        ("slug", models.SlugField(max_length=60, unique=True)),
                        ("sort_order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "db_table": "catalogue_bodyarea",
                        "ordering": ["sort_order", "name"],
                    },
                    bases=(modelsearch.index.Indexed, models.Model),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(rename_content_type, restore_content_type),
    ]
