from django.urls import path

from . import views

app_name = "orders"
urlpatterns = [
    path("orders/<str:reference>/", views.order_detail, name="detail"),
]
