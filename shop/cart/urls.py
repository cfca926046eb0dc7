from django.urls import path

from . import views

app_name = "cart"
urlpatterns = [
    path("cart/", views.cart_detail, name="detail"),
    path("cart/add/", views.cart_add, name="add"),
    path("cart/lines/<int:line_id>/", views.cart_update, name="update"),
    path("cart/lines/<int:line_id>/remove/", views.cart_remove, name="remove"),
    path("cart/empty/", views.cart_empty, name="empty"),
    path("cart/code/", views.cart_apply_code, name="apply_code"),
    path("cart/code/remove/", views.cart_remove_code, name="remove_code"),
]
