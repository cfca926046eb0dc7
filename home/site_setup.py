"""Rebuild the skeleton migrations create: root page and collection, locale, home, site.

Migrations create these once. Tests against a live server flush the database between
tests, and this puts the same skeleton back, idempotently.
"""

from django.conf import settings
from wagtail.models import Collection, Locale, Page, Site

from .models import HomePage


def ensure_site_tree(
    *, hostname: str | None = None, port: int | None = None
) -> HomePage:
    """Return the home page; create root, locale, home page and site if missing."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    home = HomePage.objects.first()
    if home is None:
        home = root.add_child(
            instance=HomePage(
                title="Unknot",
                slug="home",
                hero_intro=(
                    "Plain-spoken guides to muscle cramps and spasms, the relief "
                    "methods that work, and the tools that help you use them."
                ),
            )
        )
    site = Site.objects.filter(is_default_site=True).first() or Site(
        is_default_site=True, hostname="localhost", port=80, site_name="Unknot"
    )
    site.root_page = home
    if hostname is not None:
        site.hostname = hostname
    if port is not None:
        site.port = port
    site.save()
    return home
