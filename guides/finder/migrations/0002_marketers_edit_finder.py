from django.db import migrations


def forwards(apps, schema_editor):
    from guides.finder.site_setup import ensure_marketers_edit_finder

    ensure_marketers_edit_finder(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("finder", "0001_initial"),
        ("guides", "0005_body_areas_in_home"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
