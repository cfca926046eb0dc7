"""Fixtures shared by the whole suite."""

import os

import pytest
from django.db import connection
from wagtail.models import Page, Site

from config.env_file import IGNORE_VARIABLE

# The cluster suite talks to a running `make cluster` (real Varnish, two gunicorn app
# servers, PostgreSQL, Redis, S3): `make cluster-test` runs it, and CI does after the
# main suite. It is a separate suite, not skipped tests, so plain runs leave it out.
collect_ignore = [] if os.environ.get("UNKNOT_CLUSTER_TESTS") else ["cluster"]


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
    """Each test starts with empty caches: admin-home panels keep their figures for
    a minute, and one test's figures (or renditions) must never reach another's
    database."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
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


def _run_database_task_now(sender, task_result, **kwargs):
    """What `manage.py db_worker` does with one row, done as soon as it is enqueued
    (a retry scheduled for later stays queued, as it would in production)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import get_date_max

    if not issubclass(sender, DatabaseBackend):
        return
    row = task_result.db_result
    if row.run_after != get_date_max():  # a retry, deferred on purpose
        return
    row.claim("pytest")
    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=task_result.backend,
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest",
    ).run_task(row)


@pytest.fixture(autouse=True, scope="session")
def database_tasks_run_at_once():
    """With TASK_BACKEND=database, tasks go through the database backend's rows and
    its worker code, so the suite proves they survive the trip (JSON arguments, task
    paths)."""
    from django_tasks.signals import task_enqueued

    task_enqueued.connect(_run_database_task_now, dispatch_uid="pytest-db-tasks")
    yield
    task_enqueued.disconnect(dispatch_uid="pytest-db-tasks")


@pytest.fixture
def committing_client(client, django_capture_on_commit_callbacks):
    """A test client whose every request ends by running its on-commit callbacks
    (the tasks a view enqueues, e-mails), as a committed request would."""
    send = client.request

    def request(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send(**kwargs)

    client.request = request
    return client
