from django.urls import include, path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("orders/<str:reference>/", views.order_detail, name="order"),
    path("addresses/", views.addresses, name="addresses"),
    path("addresses/new/", views.address_form, name="address_add"),
    path("addresses/<str:address_id>/", views.address_form, name="address_edit"),
    path(
        "addresses/<str:address_id>/<str:action>/",
        views.address_action,
        name="address_action",
    ),
    path("delete/", views.delete_account, name="delete"),
]

# Mounted at /account/ in config/urls.py: allauth's pages (login/, signup/,
# logout/, password/…, email/, confirm-email/…) and ours side by side.
account_urlpatterns = [
    path("", include((urlpatterns, app_name))),
    path("", include("allauth.account.urls")),
]
