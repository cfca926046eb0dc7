"""Cache values read at most once per request.

Some shared values live in the cache (Redis in production) and are asked for several
times while one page renders: the view-restriction flag by every page query that
leaves restricted pages out, the page-tree generation by every site-wide lookup.
Each ask is a round trip. `cached_once_per_request` keeps the first answer until the
request ends, and fetches every key registered with `read_together` in that same
round trip (the generation and the flag: every page reads both). Outside a request
(management commands, the task worker) it keeps nothing, so a long-running process
never holds an old value.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started

T = TypeVar("T")

_local = threading.local()
_READ_TOGETHER: set[str] = set()
_ABSENT = object()  # fetched together with another key, and not in the cache


def read_together(*keys: str) -> None:
    """Fetch these cache keys in one round trip, the first time a request reads
    any of them through `cached_once_per_request`."""
    _READ_TOGETHER.update(keys)


def cached_once_per_request(key: str, fill: Callable[[], T]) -> T:
    """`cache.get(key)`, read once per request, or `fill()` where the cache holds
    nothing (it may store a value). Keys registered with `read_together` come back
    together from the first read of any of them."""
    values = getattr(_local, "values", None)
    if values is None:
        found = cache.get(key)
        return fill() if found is None else found
    if key not in values:
        wanted = sorted(k for k in _READ_TOGETHER | {key} if k not in values)
        found = cache.get_many(wanted)
        for name in wanted:
            values[name] = found.get(name, _ABSENT)
    if values[key] is _ABSENT:
        values[key] = fill()
    return values[key]


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
