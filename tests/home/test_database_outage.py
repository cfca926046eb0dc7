"""While the database is unreachable, pages answer a designed 503 with Retry-After.

The outage is real to Django: every attempt to open a database connection fails the
way a stopped PostgreSQL does (OperationalError from the driver's connect).
"""

from unittest import mock

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory

from home.views import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down():
    from django.db import connection

    connection.close_if_unusable_or_obsolete()
    refused = OperationalError(
        'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
    )
    with mock.patch.object(
        BaseDatabaseWrapper, "ensure_connection", side_effect=refused
    ):
        yield


def assert_outage_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "We will be back in a moment" in html
    assert "Nothing you entered has been charged" in html


@pytest.mark.parametrize(
    "path", ["/", "/guides/", "/shop/", "/cart/", "/search/?q=calf"]
)
def test_pages_that_need_the_database_answer_503_with_retry_after(
    home_page, database_down, path
):
    response = Client(raise_request_exception=False).get(path)

    assert_outage_page(response)


def test_a_post_during_an_outage_gets_the_same_page(database_down):
    response = Client(raise_request_exception=False).post(
        "/cart/add/", {"variant": "1", "quantity": "1"}
    )

    assert_outage_page(response)


def test_an_outage_outside_a_view_also_gets_the_503(database_down):
    """Middleware (sessions, redirects) fails before or after the view: handler500
    sees the database error and answers the same page."""
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = server_error(request)

    assert_outage_page(response)


def test_other_server_errors_keep_the_ordinary_500():
    request = RequestFactory().get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(request)

    assert response.status_code == 500
    assert "Retry-After" not in response


def test_persistent_connections_are_health_checked():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
