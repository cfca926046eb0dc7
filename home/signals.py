"""Purge the page cache when the page tree or the site settings change."""

from django.db.models.signals import post_save, pre_delete
from wagtail.models import Page
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from .models import SiteSettings
from .purges import (
    purge_pages_on_commit,
    purge_pages_where_they_are,
    purge_site_on_commit,
)
from .tree_cache import tree_changed_now_and_on_commit


def page_changed(sender, instance, **kwargs):
    """Published, unpublished, or moved (its new place)."""
    purge_pages_on_commit([instance])
    tree_changed_now_and_on_commit()


def page_moving(sender, instance, **kwargs):
    """Its old URL and the listings it leaves."""
    purge_pages_where_they_are([instance])


def page_deleted(sender, instance, **kwargs):
    # Before the row goes: its URL and its references are still known. Wagtail
    # deletes a subtree through the base Page model, so this sees every page in it.
    if instance.live:
        purge_pages_where_they_are([instance])
        tree_changed_now_and_on_commit()


def site_settings_saved(sender, instance, created=False, raw=False, **kwargs):
    # A row is created with the defaults the moment a page first reads it: nothing
    # any reader saw has changed.
    if not raw and not created:
        purge_site_on_commit()


def connect() -> None:
    for signal, uid in (
        (page_published, "purge-on-publish"),
        (page_unpublished, "purge-on-unpublish"),
        (post_page_move, "purge-after-move"),
    ):
        signal.connect(page_changed, dispatch_uid=uid)
    pre_page_move.connect(page_moving, dispatch_uid="purge-before-move")
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="purge-on-delete")
    post_save.connect(
        site_settings_saved, sender=SiteSettings, dispatch_uid="purge-on-settings"
    )
