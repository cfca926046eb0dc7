from django.db import migrations


def forwards(apps, schema_editor):
    from guides.finder.site_setup import ensure_marketers_edit_finder

    ensure_marketers_edit_finder(apps)


class Migration(migrations.Migration):
    """The finder page joins "Guide review" and Marketers get its page permissions."""

    dependencies = [
        ("finder", "0002_marketers_edit_finder"),
        ("guides", "0006_trust_fields_and_red_flags_first"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
