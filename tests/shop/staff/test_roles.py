"""The three roles: created by the migration, idempotent, additive, and what each
one may see in the admin."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupApprovalTask, GroupPagePermission

from config.demo.users import DEMO_STAFF, DEMO_STAFF_PASSWORD
from home.models import HomePage
from shop.staff.roles import INVENTORY_STAFF, MARKETERS, SHOP_MANAGERS, ensure_roles

pytestmark = pytest.mark.django_db


def perms(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


def test_migration_created_the_three_roles_with_admin_access():
    for name in (MARKETERS, INVENTORY_STAFF, SHOP_MANAGERS):
        assert "wagtailadmin.access_admin" in perms(name)


def test_role_boundaries_in_permissions():
    marketers, stock, managers = (
        perms(MARKETERS),
        perms(INVENTORY_STAFF),
        perms(SHOP_MANAGERS),
    )
    assert not {p for p in marketers if p.startswith(("inventory.", "orders."))}
    assert "catalogue.change_productvariant" not in marketers
    assert {"inventory.change_stocklevel", "inventory.view_stockmovement"} <= stock
    assert "inventory.view_shop_reports" not in stock
    assert "catalogue.change_productvariant" not in stock
    assert {
        "inventory.change_stocklevel",
        "inventory.view_shop_reports",
        "catalogue.change_productvariant",
        "home.change_sitesettings",
    } <= managers


def test_page_rights_marketers_submit_managers_publish():
    home = HomePage.objects.get()

    def codenames_on_home(name):
        return set(
            GroupPagePermission.objects.filter(group__name=name, page=home).values_list(
                "permission__codename", flat=True
            )
        )

    # On the whole site (product pages included) marketers write and submit; only
    # the guides' own review lets them publish guides.
    assert codenames_on_home(MARKETERS) >= {"add_page", "change_page"}
    assert "publish_page" not in codenames_on_home(MARKETERS)
    assert "publish_page" in codenames_on_home(SHOP_MANAGERS)
    assert not GroupPagePermission.objects.filter(group__name=INVENTORY_STAFF)
    # Elsewhere marketers publish only where every change needs an approval first.
    marketer_publish = GroupPagePermission.objects.filter(
        group__name=MARKETERS, permission__codename="publish_page"
    ).select_related("page")
    for grant in marketer_publish:
        workflow = grant.page.specific.get_workflow()
        assert workflow is not None and workflow.name == "Guide review", grant.page


def test_shop_managers_approve_in_moderation_workflows():
    for task in GroupApprovalTask.objects.filter(active=True):
        assert task.groups.filter(name=SHOP_MANAGERS).exists()


def test_ensure_roles_is_idempotent_and_only_adds():
    marketers = Group.objects.get(name=MARKETERS)
    # Something another migration (guides) gave the group must survive.
    extra = Permission.objects.get(codename="add_redirect")
    marketers.permissions.add(extra)
    before = Permission.objects.count(), Group.objects.count()
    ensure_roles()
    ensure_roles()
    assert (Permission.objects.count(), Group.objects.count()) == before
    assert marketers.permissions.filter(pk=extra.pk).exists()


def test_readme_documents_the_demo_credentials():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    assert DEMO_STAFF_PASSWORD in readme
    for username, group_name, *_ in DEMO_STAFF:
        assert f"**{username}**" in readme and group_name in readme


@pytest.mark.parametrize(
    ("role", "sees_shop"), [("marketer", False), ("stock", True), ("manager", True)]
)
def test_shop_menu_only_for_shop_roles(role_client, role, sees_shop):
    response = role_client(role).get("/admin/")
    assert response.status_code == 200
    assert ('"name": "shop"' in response.text or '"shop"' in response.text) == (
        sees_shop
    )
    assert ("/admin/stock/" in response.text) == sees_shop
