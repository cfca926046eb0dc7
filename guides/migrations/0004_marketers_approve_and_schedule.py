"""Let Marketers approve (and so publish or schedule) reviewed guides.

Wagtail requires publish permission from whoever approves the last task of a
workflow. Databases migrated before this change lack it; this grants it by running
the idempotent set-up again. The direct "Publish" stays hidden (guides/review.py).
"""

from django.db import migrations


def forwards(apps, schema_editor):
    from guides.site_setup import ensure_all

    ensure_all(apps)


class Migration(migrations.Migration):
    dependencies = [("guides", "0003_alter_reliefmethodpage_teaser")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
