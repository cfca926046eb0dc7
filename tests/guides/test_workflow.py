"""The Marketers group: write and submit guides; a colleague approves or schedules."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, WorkflowState
from wagtail.test.utils.form_data import rich_text

from guides.models import GuideIndexPage, GuidePage, ReliefMethodIndexPage
from guides.site_setup import MARKETERS_GROUP, WORKFLOW_NAME, ensure_all
from home.models import HomePage
from tests.factories import shop_index

from .factories import CauseFactory, GuidePageFactory
from .test_admin import guide_form


def marketer(username: str):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@unknot.example", password="x"
    )
    user.groups.add(Group.objects.get(name=MARKETERS_GROUP))
    return user


def add_guide_url() -> str:
    index = GuideIndexPage.objects.get()
    return reverse("wagtailadmin_pages:add", args=("guides", "guidepage", index.pk))


def submit_guide(client, slug: str, **extra) -> GuidePage:
    data = guide_form(
        GuideIndexPage.objects.get(),
        title=slug.replace("-", " ").capitalize(),
        slug=slug,
        body=[("paragraph", rich_text("<p>Stretch the calf.</p>"))],
        action="action-submit",
        **extra,
    )
    response = client.post(add_guide_url(), data)
    assert response.status_code == 302, response.content[:2000]
    return GuidePage.objects.get(slug=slug)


def approve(client, page: Page):
    state = WorkflowState.objects.get(
        base_content_type__isnull=False, object_id=str(page.pk)
    )
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "approve", state.current_task_state.pk),
    )
    return client.post(url, {"comment": "Checked the red flags."})


@pytest.mark.django_db
def test_marketers_group_permissions_come_from_the_data_migration():
    group = Group.objects.get(name=MARKETERS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_cause", "change_cause", "add_redirect"} <= codenames
    page_permissions = {
        (p.page.specific_class.__name__, p.permission.codename)
        for p in group.page_permissions.select_related("page", "permission")
    }
    for index in ("GuideIndexPage", "ReliefMethodIndexPage"):
        assert (index, "add_page") in page_permissions
        assert (index, "change_page") in page_permissions
        # Approving publishes, so approvers need it; the review rule hides it.
        assert (index, "publish_page") in page_permissions
    # Direct publishing is granted on the guide sections only (the shop's roles
    # may let Marketers edit other pages, never publish them).
    publishable = {
        name for name, codename in page_permissions if codename == "publish_page"
    }
    assert publishable == {"GuideIndexPage", "ReliefMethodIndexPage"}


@pytest.mark.django_db
def test_guide_review_workflow_is_assigned_to_both_sections():
    for index in (GuideIndexPage.objects.get(), ReliefMethodIndexPage.objects.get()):
        workflow = index.get_workflow()
        assert workflow.name == WORKFLOW_NAME
        task = workflow.tasks.get().specific
        assert MARKETERS_GROUP in task.groups.values_list("name", flat=True)
    assert GuidePageFactory().get_workflow().name == WORKFLOW_NAME


@pytest.mark.django_db
def test_setup_is_idempotent():
    ensure_all()
    ensure_all()
    assert Group.objects.filter(name=MARKETERS_GROUP).count() == 1
    assert GuideIndexPage.objects.count() == 1
    group = Group.objects.get(name=MARKETERS_GROUP)
    sections = [GuideIndexPage.objects.get().pk, ReliefMethodIndexPage.objects.get().pk]
    assert group.page_permissions.filter(page__in=sections).count() == 10


@pytest.mark.django_db
def test_marketer_can_submit_but_not_publish_and_cannot_touch_other_sections(client):
    client.force_login(marketer("mia"))
    form = client.get(add_guide_url()).content.decode()
    assert 'name="action-submit"' in form
    assert 'name="action-publish"' not in form

    # Outside the guide sections a marketer can never publish directly either.
    for page in (HomePage.objects.get(), shop_index()):
        response = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert 'name="action-publish"' not in response.content.decode(), page
    assert client.get(reverse("wagtailsnippets_guides_cause:add")).status_code == 200

    guide = submit_guide(client, "calf-cramps-at-night")
    assert not guide.live
    assert guide.workflow_in_progress
    assert client.get("/guides/calf-cramps-at-night/").status_code == 404
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(guide.pk,)))
    assert edit.status_code == 200
    assert 'name="action-publish"' not in edit.content.decode()


@pytest.mark.django_db
def test_a_forged_publish_from_a_marketer_is_refused(client):
    client.force_login(marketer("mia"))
    data = guide_form(
        GuideIndexPage.objects.get(),
        title="Sneaky",
        slug="sneaky",
        body=[("paragraph", rich_text("<p>Unreviewed.</p>"))],
        action="action-publish",
    )
    client.post(add_guide_url(), data)
    assert not GuidePage.objects.filter(slug="sneaky", live=True).exists()

    draft = GuidePageFactory(live=False)
    draft.save_revision()
    data = guide_form(
        GuideIndexPage.objects.get(),
        title=draft.title,
        slug=draft.slug,
        body=[("paragraph", rich_text("<p>Still unreviewed.</p>"))],
        action="action-publish",
    )
    client.post(reverse("wagtailadmin_pages:edit", args=(draft.pk,)), data)
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    client.post(f"{bulk}?id={draft.pk}", {})
    draft.refresh_from_db()
    assert not draft.live


@pytest.mark.django_db
def test_admins_may_still_publish_directly(admin_client):
    form = admin_client.get(add_guide_url()).content.decode()
    assert 'name="action-publish"' in form
    # The same bulk request a marketer is refused publishes for an admin.
    draft = GuidePageFactory(live=False)
    draft.save_revision()
    bulk = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "publish"))
    admin_client.post(f"{bulk}?id={draft.pk}", {})
    draft.refresh_from_db()
    assert draft.live


@pytest.mark.django_db
def test_a_colleague_previews_and_approves_which_publishes(client):
    client.force_login(marketer("mia"))
    guide = submit_guide(client, "neck-spasms")

    client.force_login(marketer("leo"))
    preview = client.get(
        reverse(
            "wagtailadmin_pages:workflow_preview",
            args=(guide.pk, guide.get_workflow().tasks.get().pk),
        )
    )
    assert preview.status_code == 200 and b"Stretch the calf." in preview.content
    response = approve(client, guide)
    assert response.status_code == 302

    guide.refresh_from_db()
    assert guide.live and not guide.workflow_in_progress
    assert client.get("/guides/neck-spasms/").status_code == 200


@pytest.mark.django_db
def test_scheduled_guide_goes_live_when_publish_scheduled_runs(client):
    """Scheduling: set 'go live' in the editor, get approval, and the cron job
    `manage.py publish_scheduled` publishes it once the time has come."""
    go_live = timezone.now() + datetime.timedelta(days=2)
    client.force_login(marketer("mia"))
    guide = submit_guide(
        client,
        "heat-cramps",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    client.force_login(marketer("leo"))
    approve(client, guide)

    guide.refresh_from_db()
    assert not guide.live
    assert guide.scheduled_revision.approved_go_live_at is not None

    call_command("publish_scheduled")
    guide.refresh_from_db()
    assert not guide.live  # not yet: the go-live time is still ahead

    # Three days later (the clock is Django's, not ours), the cron job runs again.
    later = timezone.now() + datetime.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    guide.refresh_from_db()
    assert guide.live
    assert client.get("/guides/heat-cramps/").status_code == 200


@pytest.mark.django_db
def test_marketer_can_manage_causes_but_not_shop_settings(client):
    client.force_login(marketer("mia"))
    cause = CauseFactory(name="Heat")
    edit = reverse("wagtailsnippets_guides_cause:edit", args=(cause.pk,))
    response = client.post(
        edit,
        {
            "name": "Heat and humidity",
            "slug": cause.slug,
            "summary": cause.summary,
            "red_flag_note": "",
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    cause.refresh_from_db()
    assert cause.name == "Heat and humidity"
    settings_url = reverse("wagtailsettings:edit", args=("home", "sitesettings"))
    assert client.get(settings_url).status_code in (302, 403)
