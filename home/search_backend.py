"""Wagtail's database search backend, with each match ranked once.

`WAGTAILSEARCH_BACKENDS` points here. On PostgreSQL and SQLite (FTS5) this is
Wagtail's own backend (django-modelsearch) with one change in how relevance-ordered
results are fetched; other databases get Wagtail's backend unchanged.

Wagtail's compilers order by relevance inside the page query: SQLite scores each
result with a correlated subquery that runs the full-text match again for every
matching row, and PostgreSQL filters on `title || body`, a vector built per row that
no index can serve. Both grow with the number of matches, so a word every product
shares ("roller" in 1,000 product names) cost seconds. Here a search costs two
queries whatever the catalogue size:

1. the index table, through its full-text index, returns the ids of every match
   best first (bm25 on SQLite, ts_rank with the title weighted above the body on
   PostgreSQL), keeping those the caller's page queryset allows (live, public, of
   the wanted types): one scan of the matches, scored once each. The queryset is
   a subquery of the same statement, unless the caller keeps its ids (the site
   search keeps the visible pages' ids per page-tree generation), and then they
   are checked in Python; on SQLite the query then reads the full-text table
   alone, and what each entry indexes comes from this process's `EntryObjects`.
   On PostgreSQL the tsquery is an InitPlan, built once per statement rather than
   once per match and use;
2. the objects on the page asked for.

Counts come from (1), pages and their slices (`?page=200`) from (1) plus (2). The
ranked list is kept on the query compiler, which every slice and count of one
`.search()` shares.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from collections.abc import Set as AbstractSet

from django.db import connection, connections
from django.db.models import (
    BooleanField,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
)
from django.db.models.functions import Cast
from modelsearch.backends.database import SearchBackend as default_backend
from modelsearch.query import MatchAll, Not
from modelsearch.utils import get_descendants_content_types_pks

# A matching word in a page's title weighs this many times one in its body.
TITLE_WEIGHT = 4.0


class RankOnceResultsMixin:
    """Relevance-ordered results from ranked ids (see the module docstring)."""

    def ranked_matches(
        self, known_ids: AbstractSet[int] | None = None
    ) -> list[tuple[int, int]] | None:
        """(id, content type id) of every allowed match, best first; None where
        this search is not ranked (negated, "everything", scored or field-limited).

        `known_ids`, where the caller keeps them, are the ids of every row of the
        search's queryset (`home.views.visible_page_ids`). The matches are then
        checked against them here, and the ranking query skips its check of each
        match against the queryset, a probe of the page table per match: 2 of the
        10 ms of a word 3,000 products share. On SQLite it also skips the join to
        the index entries (`ranked_entry_objects`).
        """
        compiler = self.query_compiler
        if not hasattr(compiler, "ranked_index_rows"):
            return None  # autocomplete (the admin's choosers) keeps Wagtail's path
        if not compiler.order_by_relevance or self._score_field or compiler.fields:
            return None
        cached = getattr(compiler, "_ranked_matches", None)
        if cached is not None:
            return cached
        config = compiler.get_config(self.backend)
        if known_ids is not None and hasattr(compiler, "ranked_entry_objects"):
            rows = compiler.ranked_entry_objects(config, known_ids)
            if rows is not None:
                compiler._ranked_matches = rows
            return rows
        index_rows = compiler.ranked_index_rows(config)
        if index_rows is None:
            return None
        ranked = index_rows.annotate(object_pk=Cast(compiler.OBJECT_ID, IntegerField()))
        if known_ids is None:
            # The caller's pages (live, public, of the wanted types) as a subquery
            # of the ranking query: the full-text match runs once, and only allowed
            # ids come back.
            # A correlated EXISTS, not `IN (subquery)`: SQLite would list every
            # allowed page first (1.5 ms at 10,000 products, for a search matching
            # six); PostgreSQL plans both as the same semi-join.
            allowed = compiler.queryset.order_by().filter(pk=OuterRef("object_pk"))
            ranked = ranked.filter(Exists(allowed))
        ranked = ranked.values_list("object_pk", compiler.CONTENT_TYPE)
        rows = _cursor_rows(ranked)  # both columns are integers as they come
        if known_ids is not None:
            rows = [row for row in rows if row[0] in known_ids]
        compiler._ranked_matches = rows
        return rows

    def _do_search(self):
        matches = self.ranked_matches()
        if matches is None:
            return super()._do_search()
        wanted = [pk for pk, _ in matches[self.start : self.stop]]
        objects = self.query_compiler.queryset.filter(pk__in=wanted).order_by()
        if self.prefetch_related:
            objects = objects.prefetch_related(*self.prefetch_related)
        by_pk = {obj.pk: obj for obj in objects}
        return [by_pk[pk] for pk in wanted if pk in by_pk]

    def _do_count(self):
        matches = self.ranked_matches()
        if matches is None:
            return super()._do_count()
        return len(matches[self.start : self.stop])


def _cursor_rows(queryset) -> list[tuple]:
    """The rows of a `values_list` queryset, read straight from the cursor: a word
    common to the catalogue matches thousands of rows, and the ORM's per-row work
    cost more than the query (3 of 10 ms at 2,980 matches)."""
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _plain_search(query) -> bool:
    """Queries the ranked path handles: not "everything", not negated."""
    return not isinstance(query, (MatchAll, Not))


def _rank_once(backend_class, compiler_class, results_class):
    """`backend_class` with this compiler and its results ranked once."""
    results = type(
        f"RankOnce{results_class.__name__}",
        (RankOnceResultsMixin, results_class),
        {},
    )
    return type(
        f"RankOnce{backend_class.__name__}",
        (backend_class,),
        {"query_compiler_class": compiler_class, "results_class": results},
    )


def _sqlite_backend_class():
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )

    class RankOnceSQLiteCompiler(SQLiteSearchQueryCompiler):
        OBJECT_ID = "index_entry__object_id"
        CONTENT_TYPE = "index_entry__content_type"

        def ranked_index_rows(self, config):
            matches = self.ranked_fts_rows(config)
            if matches is None:
                return None
            content_types = get_descendants_content_types_pks(self.queryset.model)
            return matches.filter(index_entry__content_type__in=content_types)

        def ranked_fts_rows(self, config):
            """The full-text table's matching rows, best first (ties: the newest
            entry first)."""
            query = normalize(self.query)
            if not _plain_search(query):
                return None
            match = MatchExpression(
                self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
            )
            return (
                SQLiteFTSIndexEntry.objects.filter(match)
                .annotate(score=WeightedBM25(SQLiteFTSIndexEntry._meta.db_table))
                .order_by("score", "-pk")
            )

        def ranked_entry_objects(self, config, known_ids):
            """`ranked_matches` without joining the index entries: the full-text
            table's rowids (each its entry's id) best first, turned into what
            each entry indexes through this process's `entry_objects`. The join
            read a wide entry row (its title and body too) per match: 2.5 of the
            7.5 ms of a word 3,000 products share."""
            matches = self.ranked_fts_rows(config)
            if matches is None:
                return None
            entry_ids = [row[0] for row in _cursor_rows(matches.values_list("pk"))]
            content_types = set(get_descendants_content_types_pks(self.queryset.model))
            objects = entry_objects(matches.db).of(entry_ids)
            return [
                found
                for found in map(objects.get, entry_ids)
                if found and found[1] in content_types and found[0] in known_ids
            ]

    class WeightedBM25(Func):
        """bm25() over the FTS columns (autocomplete, body, title): a word in the
        title counts four times one in the body; lower is better."""

        output_field = FloatField()

        def __init__(self, table: str):
            super().__init__()
            self.template = f"bm25({table}, 0.0, 1.0, {TITLE_WEIGHT})"

    return _rank_once(SQLiteSearchBackend, RankOnceSQLiteCompiler, SQLiteSearchResults)


class EntryObjects:
    """What each search-index entry indexes, (object id, content type id), by the
    entry's id: the part of an entry that never changes, kept per process.

    modelsearch updates an entry in place, so an entry keeps its object for life,
    and its id is never given to another entry once committed: the entries table
    is AUTOINCREMENT. An entry written in a transaction that rolls back gives its
    id back, and the next entry takes it, so only entries read outside any
    transaction are kept. An entry not yet kept costs one query (with the others
    a search meets), then nothing; an entry deleted since is never matched again,
    so keeping it is harmless. A database emptied under a running server
    (`manage.py flush` starts its ids again) needs the server restarted, as the
    tree cache does.
    """

    #: Past this many entries (about 150 bytes each), the process starts again.
    LIMIT = 500_000
    #: Ids per query, under SQLite's limit of bound parameters.
    BATCH = 5_000

    def __init__(self, using: str) -> None:
        self._using = using
        self._objects: dict[int, tuple[int | str, int]] = {}
        self._lock = threading.Lock()

    def of(self, entry_ids: list[int]) -> Mapping[int, tuple[int | str, int]]:
        """`{entry id: (object id, content type id)}` holding each of these ids
        whose entry exists (and maybe others)."""
        kept = self._objects
        unknown = [entry_id for entry_id in entry_ids if entry_id not in kept]
        if not unknown:
            return kept
        read = self._read(unknown)
        if connections[self._using].in_atomic_block:
            return {**kept, **read}
        with self._lock:
            if len(self._objects) + len(read) > self.LIMIT:
                self._objects = {}
            self._objects.update(read)
            return self._objects

    def _read(self, entry_ids: list[int]) -> dict[int, tuple[int | str, int]]:
        from modelsearch.backends.database.sqlite.sqlite import IndexEntry

        read = {}
        entries = IndexEntry._default_manager.using(self._using)
        for start in range(0, len(entry_ids), self.BATCH):
            batch = entry_ids[start : start + self.BATCH]
            for entry_id, object_id, content_type in entries.filter(
                pk__in=batch
            ).values_list("pk", "object_id", "content_type_id"):
                read[entry_id] = (_object_pk(object_id), content_type)
        return read


def _object_pk(object_id: str) -> int | str:
    # Pages (and most models) have integer ids, which the index keeps as text.
    return int(object_id) if object_id.isdigit() else object_id


_entry_objects: dict[tuple[str, str], EntryObjects] = {}


def entry_objects(using: str) -> EntryObjects:
    """This process's `EntryObjects` for the database `using` (by its name too:
    the test runner points an alias at a new database)."""
    key = (using, str(connections[using].settings_dict["NAME"]))
    found = _entry_objects.get(key)
    if found is None:
        found = _entry_objects.setdefault(key, EntryObjects(using))
    return found


def _postgres_backend_class():
    from django.contrib.postgres.search import SearchRank
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )

    class RankOncePostgresCompiler(PostgresSearchQueryCompiler):
        OBJECT_ID = "object_id"
        CONTENT_TYPE = "content_type"

        def ranked_index_rows(self, config):
            if not _plain_search(self.query):
                return None
            search_query = self.build_tsquery(self.query, config=config)
            if search_query is None:
                return None  # no words to match: Wagtail's own path decides
            # to_tsquery() is STABLE, so PostgreSQL would run it (parse and stem the
            # words) for every match in each ts_rank() and index recheck: 60% of
            # the ranking query's time at 3,000 matches. As an uncorrelated scalar
            # subquery it runs once per query and the GIN indexes still serve it.
            search_query = _evaluated_once(search_query)
            content_types = get_descendants_content_types_pks(self.queryset.model)
            # Each vector filtered on its own, so each GIN index serves its half.
            matches = IndexEntry.objects.filter(content_type__in=content_types).filter(
                _matches(F("title"), search_query) | _matches(F("body"), search_query)
            )
            rank = TITLE_WEIGHT * SearchRank(
                F("title"), search_query, weights=self.sql_weights
            ) * F("title_norm") + SearchRank(
                F("body"), search_query, weights=self.sql_weights
            )
            return matches.annotate(score=rank).order_by("-score", "-object_id")

    return _rank_once(
        PostgresSearchBackend, RankOncePostgresCompiler, PostgresSearchResults
    )


def _evaluated_once(search_query):
    """`search_query` (a tsquery expression) as `(SELECT <it>)`: an InitPlan that
    PostgreSQL evaluates once per statement however many rows use it."""
    from django.contrib.postgres.search import SearchQueryField

    return Func(
        search_query,
        template="(SELECT %(expressions)s)",
        output_field=SearchQueryField(),
    )


def _matches(vector, search_query):
    """`vector @@ search_query` as a filter. Not the `vector=query` lookup: that
    wraps anything but a SearchQuery in plainto_tsquery()."""
    return Func(
        vector,
        search_query,
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def SearchBackend(params):  # noqa: N802 - Wagtail loads backends by this name
    """Wagtail's database backend for this database, ranking matches once."""
    backend = default_backend(params)
    vendor = connection.vendor
    if vendor == "sqlite" and type(backend).__name__ == "SQLiteSearchBackend":
        return _sqlite_backend_class()(params)
    if vendor == "postgresql":
        return _postgres_backend_class()(params)
    return backend
