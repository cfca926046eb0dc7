"""Marketers see which guides and methods need a fresh medical review."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from guides.reviews_due import reviews_due
from shop.staff.roles import ensure_roles
from tests.shop.staff.conftest import make_staff_user

from .factories import GuidePageFactory, ReliefMethodPageFactory

pytestmark = pytest.mark.django_db


def logged_in(username, group):
    ensure_roles()
    client = Client()
    client.force_login(make_staff_user(username, group))
    return client


def test_overdue_and_soon_due_pages_are_listed_most_overdue_first():
    today = timezone.localdate()
    GuidePageFactory(title="Current", last_reviewed=today)
    GuidePageFactory(title="Soon", next_review_due=today + timedelta(days=10))
    ReliefMethodPageFactory(title="Late", next_review_due=today - timedelta(days=3))
    GuidePageFactory(title="Draft", live=False, next_review_due=date(2020, 1, 1))

    rows = reviews_due(today)

    assert [(row.page.title, row.status) for row in rows] == [
        ("Late", "Overdue by 3 days"),
        ("Soon", "Due in 10 days"),
    ]


def test_a_marketer_sees_the_report_and_the_dashboard_panel():
    GuidePageFactory(title="Old calf guide", last_reviewed=date(2024, 1, 10))
    client = logged_in("maria", "Marketers")

    dashboard = client.get("/admin/").content.decode()
    assert "Medical reviews due" in dashboard and "Old calf guide" in dashboard

    report = client.get("/admin/reports/reviews-due/")
    assert report.status_code == 200
    assert "Old calf guide" in report.content.decode()
    assert "Overdue by" in report.content.decode()


def test_staff_who_do_not_edit_guides_neither_see_nor_open_it():
    GuidePageFactory(title="Old calf guide", last_reviewed=date(2024, 1, 10))
    client = logged_in("sam", "Inventory staff")
    assert "Old calf guide" not in client.get("/admin/").content.decode()
    assert client.get("/admin/reports/reviews-due/").status_code == 302
