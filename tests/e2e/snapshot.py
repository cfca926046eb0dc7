"""Save the test database once and put it back before each browser test.

Live-server tests run in transactions that are flushed after every test, and loading
the whole demo (pages, pictures, search index, stock) takes many seconds. Instead the
first test that needs the demo loads it and saves a copy of the database; later tests
restore that copy in a fraction of a second, then change what they need.

- SQLite (the in-memory test database): sqlite3's online backup API, both ways.
- PostgreSQL: a copy of every table in a schema of its own, restored in one
  transaction (foreign keys are deferred until commit), then the sequences reset.
"""

from __future__ import annotations

import sqlite3

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.core.management.color import no_style
from django.db import connection, transaction

SNAPSHOT_SCHEMA = "e2e_snapshot"


class DatabaseSnapshot:
    """One saved copy of the whole test database."""

    def __init__(self, name: str):
        self.name = name
        self._sqlite: sqlite3.Connection | None = None
        self._tables: list[str] = []

    # Saving -----------------------------------------------------------------------
    def save(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.backup(self._sqlite)
        elif connection.vendor == "postgresql":
            self._save_postgresql()
        else:  # pragma: no cover - the project runs on SQLite and PostgreSQL only
            raise NotImplementedError(connection.vendor)

    def _schema(self) -> str:
        return f"{SNAPSHOT_SCHEMA}_{self.name}"

    def _save_postgresql(self) -> None:
        quote = connection.ops.quote_name
        schema = quote(self._schema())
        with connection.cursor() as cursor:
            self._tables = [
                table
                for table in connection.introspection.table_names(cursor)
                if table != "django_migrations"
            ]
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
            for table in self._tables:
                cursor.execute(
                    f"CREATE TABLE {schema}.{quote(table)} AS TABLE {quote(table)}"
                )

    # Restoring --------------------------------------------------------------------
    def restore(self) -> None:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self._sqlite.backup(connection.connection)
        else:
            self._restore_postgresql()
        # Ids of content types and cached sites changed under Django's feet.
        ContentType.objects.clear_cache()
        for cache in caches.all():
            cache.clear()

    def _restore_postgresql(self) -> None:
        quote = connection.ops.quote_name
        schema = quote(self._schema())
        tables = ", ".join(quote(table) for table in self._tables)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"TRUNCATE {tables} CASCADE")
            for table in self._tables:
                # Table names come from the database's own catalogue, quoted.
                target, source = quote(table), f"{schema}.{quote(table)}"
                cursor.execute(f"INSERT INTO {target} SELECT * FROM {source}")  # noqa: S608
            models = apps.get_models(include_auto_created=True)
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)
