from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("comments/<str:page_id>/", views.post_comment, name="post"),
    path("comments/sent/<str:token>/", views.sent, name="sent"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
