"""LocalCheckoutSession moves here from checkout: state only, the table stays."""

from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Keep the existing content type (and anything pointing at it) for the model."""
    content_type = apps.get_model("contenttypes", "ContentType")
    if not content_type.objects.filter(
        app_label="payments", model="localcheckoutsession"
    ).exists():
        content_type.objects.filter(
            app_label="checkout", model="localcheckoutsession"
        ).update(app_label="payments")


def restore_content_type(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(
        app_label="payments", model="localcheckoutsession"
    ).update(app_label="checkout")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("checkout", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LocalCheckoutSession",
                    fields=[
                        (
                            "id",
                            models.CharField(
                                editable=False,
                                max_length=64,
                                primary_key=True,
                                serialize=False,
                            ),
                        ),
                        (
                            "order_reference",
                            models.CharField(db_index=True, max_length=20),
                        ),
                        (
                            "params",
                            models.JSONField(
                                help_text="The parameters checkout sent, as to Stripe."
                            ),
                        ),
                        ("amount_total", models.PositiveIntegerField()),
                        ("currency", models.CharField(max_length=3)),
                        ("status", models.CharField(default="open", max_length=10)),
                        (
                            "payment_status",
                            models.CharField(default="unpaid", max_length=20),
                        ),
                        (
                            "payment_intent_id",
                            models.CharField(blank=True, max_length=64),
                        ),
                        ("expires_at", models.DateTimeField()),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, db_index=True),
                        ),
                    ],
                    options={
                        "verbose_name": "local test checkout session",
                        "ordering": ["-created_at"],
                        "db_table": "checkout_localcheckoutsession",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
