"""Admin registration for the catalogue (viewsets live in viewsets.py)."""

from wagtail import hooks

from .viewsets import CatalogueViewSetGroup


@hooks.register("register_admin_viewset")
def register_catalogue_viewsets():
    return CatalogueViewSetGroup()
