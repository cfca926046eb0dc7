"""BodyArea now lives in `home`; the catalogue keeps only its relation to it.

State only: `home.0003` took over the model with the same table
(`catalogue_bodyarea`), and the products' M2M table keeps its name and columns, so
nothing in the database changes. The guides' relations are re-pointed first
(`guides.0005`), so no relation ever names a model the state no longer has.
"""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("catalogue", "0001_initial"),
        ("home", "0003_bodyarea_from_catalogue"),
        ("guides", "0005_body_areas_in_home"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="productpage",
                    name="body_areas",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="products", to="home.bodyarea"
                    ),
                ),
                migrations.DeleteModel(name="BodyArea"),
            ],
            database_operations=[],
        ),
    ]
