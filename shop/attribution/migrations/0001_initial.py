"""PageAttribution moves here from the inventory app, without touching its table.

State only: the table `inventory_pageattribution` was created by
inventory/0005_page_attribution and keeps its name and rows (inventory/0006 drops
the model from inventory's state). The model's ContentType row is relabelled, so the
permissions and group grants that point at it carry over.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor, old="inventory", new="attribution"):
    content_type = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    moving = content_type.objects.using(db).filter(
        app_label=old, model="pageattribution"
    )
    if content_type.objects.using(db).filter(
        app_label=new, model="pageattribution"
    ).exists():
        # Already there (created by post_migrate): keep it, drop the stale one.
        moving.delete()
    else:
        moving.update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="attribution", new="inventory")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("inventory", "0005_page_attribution"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PageAttribution",
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
                        ("day", models.DateField()),
                        ("product_views", models.PositiveIntegerField(default=0)),
                        ("add_to_carts", models.PositiveIntegerField(default=0)),
                        (
                            "page",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.WAGTAIL_PAGE_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "inventory_pageattribution",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("page", "day"), name="attribution_page_day"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
