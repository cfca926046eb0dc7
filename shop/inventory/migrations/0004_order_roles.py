"""Give the staff roles their order permissions, now that the Order model exists.

Runs the same frozen, additive `ensure_roles` as 0002 (imported from that migration,
so the definition exists once); this time the orders app's tables are there, so
viewing, fulfilling and refunding orders are granted too.
"""

from importlib import import_module

from django.db import migrations


def complete_roles(apps, schema_editor):
    frozen = import_module("shop.inventory.migrations.0002_staff_roles")
    frozen.ensure_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ("inventory", "0003_low_stock_digest"),
        ("orders", "0001_initial"),
    ]

    operations = [migrations.RunPython(complete_roles, migrations.RunPython.noop)]
