"""Copy each product's published rating into its catalogue summary once; from here
on `shop_extensions.review_changed` keeps it exact."""

from decimal import Decimal

from django.db import migrations
from django.db.models import Avg, Count


def copy_ratings(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    ProductSummary = apps.get_model("catalogue", "ProductSummary")
    figures = (
        Review.objects.filter(status="approved")
        .order_by()
        .values("product_id")
        .annotate(count=Count("pk"), average=Avg("rating"))
    )
    for row in figures:
        ProductSummary.objects.filter(product_id=row["product_id"]).update(
            rating_count=row["count"],
            rating_average=Decimal(str(row["average"])).quantize(Decimal("0.01")),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_product_reviews"),
        ("catalogue", "0005_summary_ratings"),
    ]

    operations = [migrations.RunPython(copy_ratings, migrations.RunPython.noop)]
