from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("order-link/", views.request_links, name="request_links"),
    path("orders/<str:reference>/", views.order_detail, name="detail"),
]
