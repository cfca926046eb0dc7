from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("alerts/", views.ask, name="ask"),
    path("alerts/confirm/<str:token>/", views.confirm, name="confirm"),
    path("alerts/cancel/<str:token>/", views.cancel, name="cancel"),
]
