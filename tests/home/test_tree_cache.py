"""Site-wide page-tree lookups (footer policy links, the finder signpost) are cached
until the tree changes, and a change shows on the very next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from home.models import PolicyPage
from home.tree_cache import tree_cached, tree_changed_on_commit
from tests.guides.factories import GuidePageFactory

pytestmark = pytest.mark.django_db


def policy_queries(url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    return (
        sum('"home_policypage"' in q["sql"] for q in queries),
        response.content.decode(),
    )


def test_the_footer_reads_policy_pages_once_until_one_is_published(
    django_capture_on_commit_callbacks,
):
    guide = GuidePageFactory(title="Night cramps")
    first, _ = policy_queries(guide.url)
    again, html = policy_queries(guide.url)
    assert (first, again) == (1, 0)
    assert "Returns and withdrawal" not in html

    home = guide.get_parent().get_parent()
    policy = PolicyPage(
        title="Returns and withdrawal",
        kind="returns",
        version="2026-11",
        body="<p>Fourteen days.</p>",
        live=False,
    )
    home.add_child(instance=policy)
    with django_capture_on_commit_callbacks(execute=True):
        policy.save_revision().publish()

    after, html = policy_queries(guide.url)
    assert after == 1
    assert "Returns and withdrawal" in html

    policy.refresh_from_db()  # publishing worked on a copy from the revision
    with django_capture_on_commit_callbacks(execute=True):
        policy.unpublish()
    _, html = policy_queries(guide.url)
    assert "Returns and withdrawal" not in html


def test_a_change_that_rolls_back_keeps_the_generation(
    django_capture_on_commit_callbacks,
):
    computed = []
    tree_cached("probe", lambda: computed.append(1) or "first")
    with django_capture_on_commit_callbacks(execute=False):
        tree_changed_on_commit()  # never committed
    assert tree_cached("probe", lambda: "second") == "first"
    with django_capture_on_commit_callbacks(execute=True):
        tree_changed_on_commit()
    assert tree_cached("probe", lambda: "second") == "second"


def test_a_page_entry_lives_ten_minutes_and_a_preview_computes_its_own(monkeypatch):
    from django.core.cache import cache
    from django.test import RequestFactory
    from wagtail.models import Page

    from home.tree_cache import PAGE_TIMEOUT, per_tree_generation

    page = Page.get_first_root_node()
    timeouts = []
    original = cache.set
    monkeypatch.setattr(
        cache,
        "set",
        lambda key, value, timeout=None: (
            timeouts.append(timeout),
            original(key, value, timeout),
        )[1],
    )
    request = RequestFactory().get("/")
    assert per_tree_generation(page, request, 1, lambda: "stored") == "stored"
    assert timeouts == [PAGE_TIMEOUT] == [600]
    assert per_tree_generation(page, request, 1, lambda: "again") == "stored"
    request.is_preview = True
    assert per_tree_generation(page, request, 1, lambda: "preview") == "preview"
