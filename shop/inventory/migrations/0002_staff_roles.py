"""Create the staff roles (Marketers, Inventory staff, Shop managers) and their rights.

The work is done by `shop.inventory.roles.ensure_roles`, which only adds permissions,
so it can run before or after the guides migration that also sets up Marketers.
"""

from django.db import migrations


def create_roles(apps, schema_editor):
    from shop.inventory.roles import ensure_roles

    ensure_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0001_initial"),
        ("catalogue", "0001_initial"),
        ("home", "0002_create_homepage"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
