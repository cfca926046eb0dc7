"""Page views with the SQL they ran, for tests of what a repeat view reads."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def view(url: str) -> tuple[list[str], str]:
    """(SQL of every query, HTML) of one anonymous GET of `url`, which must be 200."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries], response.content.decode()


def reads_table(sql: list[str], table: str) -> bool:
    """Whether any of these queries reads `table` (a quoted table name)."""
    return any(f'FROM "{table}"' in query for query in sql)
