"""Create /guides/ and /relief/, the Marketers group and the guide review workflow."""

from django.db import migrations


def forwards(apps, schema_editor):
    from guides.site_setup import ensure_all

    ensure_all(apps)


def backwards(apps, schema_editor):
    from guides.site_setup import MARKETERS_GROUP, TASK_NAME, WORKFLOW_NAME

    apps.get_model("wagtailcore", "Workflow").objects.filter(
        name=WORKFLOW_NAME
    ).delete()
    apps.get_model("wagtailcore", "Task").objects.filter(name=TASK_NAME).delete()
    apps.get_model("auth", "Group").objects.filter(name=MARKETERS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
