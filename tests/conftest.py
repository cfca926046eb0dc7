"""Fixtures shared by the whole suite."""

import os

import pytest
from django.db import connection
from wagtail.models import Page, Site

from config.env_file import IGNORE_VARIABLE


def pytest_configure(config):
    """Keep the suite hermetic: no developer's `.env` reaches the code under test,
    nor the `manage.py` processes some tests start (they inherit this variable)."""
    os.environ[IGNORE_VARIABLE] = "1"


def _flushes_the_database(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return "transactional_db" in fixtures or "live_server" in fixtures


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Mark browser tests; skip PostgreSQL-only tests on SQLite, saying why.

    Browser tests run against `live_server`, whose database is flushed after each
    test; tests/e2e/conftest.py rebuilds the page tree and site before each one.
    Tests that flush the database run last: pytest-django sorts them so, but pytest
    then regroups tests by parametrized session fixtures (Playwright's browser), which
    can put a flush before tests that need what the migrations created.
    """
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))
    items.sort(key=_flushes_the_database)  # stable: keeps every other order
    if connection.vendor == "postgresql":
        return
    reason = (
        "needs PostgreSQL row locks (select_for_update) to prove concurrency; "
        "run with DATABASE_URL=postgres://... (CI does)"
    )
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: admin-home panels keep their figures for
    a minute, and one test's figures must never reach another's database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    """The HomePage created by home's data migration."""
    from home.models import HomePage

    return HomePage.objects.get(depth=2)


@pytest.fixture
def root_page(db):
    return Page.get_first_root_node()


@pytest.fixture
def default_site(db):
    return Site.objects.get(is_default_site=True)
