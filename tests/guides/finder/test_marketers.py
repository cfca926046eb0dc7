"""Marketers own the relief finder: its page and its logic, reviewed like guides."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from guides.finder.models import RedFlag
from guides.site_setup import WORKFLOW_NAME
from tests.shop.staff.conftest import role_client, roles  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_marketer_edits_the_finder_page_and_submits_it_to_guide_review(
    role_client,  # noqa: F811
    finder_page,
):
    marketer = role_client("marketer")
    edit_url = reverse("wagtailadmin_pages:edit", args=[finder_page.pk])
    form = marketer.get(edit_url)
    assert form.status_code == 200
    assert "Submit to Guide review" in form.text
    assert 'name="action-publish"' not in form.text

    page = Page.objects.get(pk=finder_page.pk)
    assert page.get_workflow().name == WORKFLOW_NAME


def test_a_marketer_edits_a_red_flag(role_client, logic):  # noqa: F811
    marketer = role_client("marketer")
    flag = RedFlag.objects.order_by("sort_order").first()
    url = reverse("wagtailsnippets_finder_redflag:edit", args=[flag.pk])
    assert marketer.get(url).status_code == 200
