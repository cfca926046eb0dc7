"""The finder's admin: its menu of snippets and preview, and its report."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .reports import finder_report_viewset
from .viewsets import FinderAdminGroup

register_snippet(FinderAdminGroup)


@hooks.register("register_admin_viewset")
def register_finder_report():
    return finder_report_viewset()
