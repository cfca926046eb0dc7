"""Values read at most once per request.

Some shared values live in the cache (Redis in production) and are asked for several
times while one page renders: the view-restriction flag by every page query that
leaves restricted pages out, the page-tree generation by every site-wide lookup.
Each ask is a round trip. `once_per_request` keeps the first answer until the request
ends; outside a request (management commands, the task worker) it does not keep
anything, so a long-running process never holds an old value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.core.signals import request_finished, request_started

T = TypeVar("T")

_local = threading.local()


def once_per_request(name: str, compute: Callable[[], T]) -> T:
    """`compute()`, called once per request for this name."""
    values = getattr(_local, "values", None)
    if values is None:
        return compute()
    if name not in values:
        values[name] = compute()
    return values[name]


def forget(name: str) -> None:
    """Drop a kept value (this request changed what it was read from)."""
    values = getattr(_local, "values", None)
    if values is not None:
        values.pop(name, None)


def _start(**kwargs) -> None:
    _local.values = {}


def _finish(**kwargs) -> None:
    _local.values = None


def connect() -> None:
    request_started.connect(_start, dispatch_uid="request-memo-start")
    request_finished.connect(_finish, dispatch_uid="request-memo-finish")
