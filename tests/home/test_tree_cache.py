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


def test_a_process_reads_an_entry_from_the_cache_once_per_generation(
    monkeypatch, django_capture_on_commit_callbacks
):
    """Each process keeps a pickled copy of the entries it read: the next read makes
    no round trip, and every reader still gets objects of its own."""
    from django.core.cache import cache

    from home import tree_cache

    first = tree_cached("probe", lambda: {"items": [1]})
    first["items"].append(2)  # a caller changing what it was given

    reads = []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counting(key, *args, _original=original, **kwargs):
            keys = [key] if isinstance(key, str) else list(key)
            reads.extend(k for k in keys if k.startswith("home:tree:"))
            return _original(key, *args, **kwargs)

        monkeypatch.setattr(cache, name, counting)

    second = tree_cached("probe", lambda: pytest.fail("computed again"))
    third = tree_cached("probe", lambda: pytest.fail("computed again"))
    assert second == third == {"items": [1]}
    assert second is not third
    assert reads == [], "the entry was read from the cache again"

    # Another process's entry: read from the shared cache once, then kept.
    tree_cache._copies.clear()
    assert tree_cached("probe", lambda: pytest.fail("computed again")) == {"items": [1]}
    assert tree_cached("probe", lambda: pytest.fail("computed again")) == {"items": [1]}
    assert len(reads) == 1

    with django_capture_on_commit_callbacks(execute=True):
        tree_changed_on_commit()
    assert tree_cached("probe", lambda: "recomputed") == "recomputed"


def test_many_entries_are_kept_per_process_too(monkeypatch):
    from home.tree_cache import tree_cached_many

    computed = []

    def compute(keys):
        computed.append(sorted(keys))
        return {key: [key * 10] for key in keys}

    assert tree_cached_many("probes", [1, 2], compute) == {1: [10], 2: [20]}
    found = tree_cached_many("probes", [2, 3], compute)
    assert found == {2: [20], 3: [30]}
    assert computed == [[1, 2], [3]]
    found[2].append("changed")
    assert tree_cached_many("probes", [2], compute) == {2: [20]}


def test_a_process_keeps_a_bounded_number_of_bytes():
    from home.tree_cache import _ProcessCopies

    copies = _ProcessCopies(limit=10)
    copies.put("g1", "a", b"123456", 60)
    copies.put("g1", "b", b"1234", 60)
    assert copies.get("g1", "a") == b"123456"
    copies.put("g1", "c", b"12", 60)  # over the limit: starts again
    assert copies.get("g1", "a") is None
    assert copies.get("g1", "c") == b"12"
    assert copies.get("g2", "c") is None  # another generation
    copies.put("g1", "d", b"1", -1)  # already past its timeout
    assert copies.get("g1", "d") is None
    copies.put("g1", "e", b"1", None)  # no timeout: kept for the generation
    assert copies.get("g1", "e") == b"1"


def test_a_frozen_set_is_shared_as_one_object_until_the_tree_changes(
    monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from home import tree_cache
    from home.tree_cache import tree_cached_frozenset

    computed = []

    def compute():
        computed.append(1)
        return frozenset({1, 2, 3})

    first = tree_cached_frozenset("ids", compute)
    read = cache.get

    def get(key, *args, **kwargs):
        assert not key.startswith("home:tree:"), "read the entry from the cache"
        return read(key, *args, **kwargs)

    monkeypatch.setattr(cache, "get", get)
    assert tree_cached_frozenset("ids", compute) is first  # not unpickled again
    assert computed == [1]
    monkeypatch.undo()

    # Another process's entry: read from the shared cache, then kept as an object.
    tree_cache._copies.clear()
    second = tree_cached_frozenset("ids", compute)
    assert second == first and computed == [1]
    assert tree_cached_frozenset("ids", compute) is second

    with django_capture_on_commit_callbacks(execute=True):
        tree_changed_on_commit()
    assert tree_cached_frozenset("ids", compute) == first
    assert computed == [1, 1]


def test_a_frozen_object_goes_with_its_bytes():
    from home.tree_cache import _ProcessCopies

    copies = _ProcessCopies(limit=10)
    copies.put("g1", "a", b"1", 60)
    copies.put_frozen("g1", "a", frozenset({1}))
    assert copies.get_frozen("g1", "a") == frozenset({1})
    assert copies.get_frozen("g2", "a") is None  # another generation
    copies.put("g1", "a", b"2", 60)  # rewritten: the old object is not its value
    assert copies.get_frozen("g1", "a") is None
    copies.put("g1", "b", b"1", -1)  # already past its timeout
    copies.put_frozen("g1", "b", frozenset({1}))
    assert copies.get_frozen("g1", "b") is None
    copies.put_frozen("g1", "never-stored", frozenset({1}))
    assert copies.get_frozen("g1", "never-stored") is None


def test_only_a_frozen_set_is_shared():
    from home.tree_cache import tree_cached_frozenset

    with pytest.raises(TypeError, match="must be a frozenset"):
        tree_cached_frozenset("ids-as-a-list", lambda: [1, 2])
