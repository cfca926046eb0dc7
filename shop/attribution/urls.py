from django.urls import path

from . import views

app_name = "attribution"

urlpatterns = [
    # The path predates this app; cached product pages post to it.
    path("attribution/product-view/", views.product_view, name="product_view"),
]
