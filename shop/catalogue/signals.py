"""Keep a product's search entry in step with its variants (SKUs are searchable)."""

from django.db import transaction
from wagtail.search import index

from .models import ProductPage


def reindex_product(sender, instance, raw=False, **kwargs):
    if raw:
        return
    product_id = instance.product_id

    def update():
        product = ProductPage.objects.filter(pk=product_id).first()
        if product is not None:
            index.insert_or_update_object(product)

    transaction.on_commit(update)
