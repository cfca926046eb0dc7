"""The marketers' admin-home panel: guides to review, guides overdue for medical
review, guides that sold this month; cached, and with a fixed number of queries."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shop.orders.models import OrderLine
from tests.shop.checkout.fixtures import site_settings  # noqa: F401
from tests.shop.staff.orders_helpers import paid_order

from .factories import GuidePageFactory
from .test_workflow import marketer, submit_guide

pytestmark = pytest.mark.django_db


@pytest.fixture
def marketer_client(client):
    client.force_login(marketer("mia"))
    return client


def home(client):
    cache.clear()
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.text


def test_marketer_sees_guides_to_review_overdue_and_top_sellers(
    marketer_client,
    site_settings,  # noqa: F811
):
    submit_guide(marketer_client, "cramps-after-cycling")
    old = timezone.localdate() - datetime.timedelta(days=400)
    stale = GuidePageFactory(title="Cramps in the heat", last_reviewed=old)
    GuidePageFactory(title="Fresh guide", last_reviewed=timezone.localdate())
    seller = GuidePageFactory(title="Night leg cramps at home")
    order = paid_order(site_settings)
    OrderLine.objects.filter(order=order).update(source_page=seller)
    page = home(marketer_client)
    assert "Awaiting review: <a" in page and "Cramps after cycling" in page
    assert "/admin/reports/workflow/?status=in_progress" in page
    assert "Cramps in the heat" in page and "Fresh guide" not in page
    assert old.strftime("%-d %b %Y") in page
    top = page.split("Top guides by sales this month")[1]
    assert "Night leg cramps at home" in top and "1 paid order" in top
    assert f"/admin/pages/{stale.pk}/edit/" in page
    # Marketers see no money and no link to the shop's reports.
    assert "€" not in top and "guides-that-sell" not in page


def test_marketing_panel_queries_do_not_grow(marketer_client, site_settings):  # noqa: F811
    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            home(marketer_client)
        return len(captured)

    def guide_that_sold(title):
        guide = GuidePageFactory(title=title)
        order = paid_order(site_settings)
        OrderLine.objects.filter(order=order).update(source_page=guide)

    home(marketer_client)
    guide_that_sold("One")
    few = count()
    for n in range(6):
        guide_that_sold(f"Guide {n}")
    many = count()
    assert many == few, (few, many)
