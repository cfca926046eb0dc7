from django.urls import path

from . import views

app_name = "checkout"
urlpatterns = [
    path("checkout/", views.checkout, name="checkout"),
    path("checkout/success/", views.success, name="success"),
    path("checkout/cancel/<str:reference>/", views.cancel, name="cancel"),
    path(
        "checkout/test-payment/<str:session_id>/",
        views.test_payment,
        name="test_payment",
    ),
    path("stripe/webhook/", views.stripe_webhook, name="webhook"),
]
