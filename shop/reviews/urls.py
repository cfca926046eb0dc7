from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("reviews/write/<str:token>/", views.write_review, name="write"),
]
