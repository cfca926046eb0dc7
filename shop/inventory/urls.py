from django.urls import path

from . import attribution

app_name = "inventory"

urlpatterns = [
    path(
        "attribution/product-view/",
        attribution.product_view,
        name="attribution_product_view",
    ),
]
