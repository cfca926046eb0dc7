from django.urls import path

from . import views

app_name = "finder"

urlpatterns = [
    path("finder-count/", views.count, name="count"),
]
