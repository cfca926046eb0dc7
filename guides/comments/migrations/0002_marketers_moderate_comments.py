from django.db import migrations


def forwards(apps, schema_editor):
    from guides.comments.site_setup import ensure_marketers_moderate_comments

    ensure_marketers_moderate_comments(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0001_initial"),
        ("home", "0005_blocked_terms"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
