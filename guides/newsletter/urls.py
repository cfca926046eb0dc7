from django.urls import path

from . import views

app_name = "newsletter"

urlpatterns = [
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/free-guide/<str:token>/", views.free_guide, name="free_guide"),
    path("newsletter/unsubscribe/", views.unsubscribe_page, name="unsubscribe_page"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
