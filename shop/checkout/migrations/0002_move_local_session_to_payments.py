"""LocalCheckoutSession now belongs to the payments app (state only)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("checkout", "0001_initial"),
        ("payments", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LocalCheckoutSession")],
            database_operations=[],
        ),
    ]
