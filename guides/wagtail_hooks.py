"""Admin registration for the guides app (viewsets live in viewsets.py)."""

from wagtail.snippets.models import register_snippet

from .viewsets import GuideTaxonomyGroup

# The group also registers shop.catalogue's BodyArea: the catalogue registers no
# snippet admin for it, and the taxonomy is edited alongside causes.
register_snippet(GuideTaxonomyGroup)
