"""On SQLite the site search ranks the full-text table alone and learns what each
index entry indexes once per process (`home.search_backend.EntryObjects`)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from home.search_backend import entry_objects
from tests.guides.factories import GuidePageFactory, ReliefMethodPageFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite",
        reason="SQLite only: PostgreSQL ranks the index table itself, with no "
        "full-text table to join (CI runs this file in the SQLite suite)",
    ),
]


@pytest.fixture(autouse=True)
def _site_tree(transactional_db):
    """What the data migrations create, which each test's flush removed."""
    from guides.site_setup import ensure_all
    from home.site_setup import ensure_site_tree

    ensure_site_tree()
    ensure_all()


def index_entries():
    # Imported here: the module exists for SQLite databases only.
    from modelsearch.backends.database.sqlite.sqlite import IndexEntry

    return IndexEntry.objects.all()


def entry_of(page):
    return index_entries().get(object_id=str(page.pk))


def test_an_entry_of_a_rolled_back_transaction_is_not_kept():
    """SQLite gives a rolled-back entry's id to the next entry, so an entry read
    inside a transaction must not be kept for the next reader."""

    class RolledBack(Exception):
        pass

    with pytest.raises(RolledBack), transaction.atomic():
        GuidePageFactory(title="Cramp draft")
        rolled_back = {
            entry.pk: (int(entry.object_id), entry.content_type_id)
            for entry in index_entries()
        }
        found = entry_objects("default").of(list(rolled_back))
        assert {entry_id: found[entry_id] for entry_id in rolled_back} == rolled_back
        raise RolledBack

    kept = entry_of(ReliefMethodPageFactory(title="Cramp stretches"))
    assert kept.pk in rolled_back  # SQLite gave a rolled-back entry's id again
    found = entry_objects("default").of([kept.pk])[kept.pk]
    assert found == (int(kept.object_id), kept.content_type_id)
    assert found != rolled_back[kept.pk]


def test_a_repeat_search_reads_no_index_entry_row(client):
    GuidePageFactory(title="Calf cramps at night", teaser="The calf locks up.")
    GuidePageFactory(title="Calf stretching", teaser="Lengthen the calf.")
    client.get(reverse("search"), {"q": "calf"})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "calf"})
    assert response.context["total"] == 2
    assert not [q for q in queries if '"wagtailsearch_indexentry"' in q["sql"]]

    # A page indexed since: its entry is read once, then kept too.
    GuidePageFactory(title="Calf cramps in runners", teaser="Tired calves.")
    response = client.get(reverse("search"), {"q": "calf"})
    assert response.context["total"] == 3
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "calf"})
    assert response.context["total"] == 3
    assert not [q for q in queries if '"wagtailsearch_indexentry"' in q["sql"]]
