"""PageAttribution now belongs to the attribution app (attribution/0001_initial).

State only: the table stays, under its old name, owned by the attribution model.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0005_page_attribution"),
        ("attribution", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PageAttribution")],
            database_operations=[],
        ),
    ]
