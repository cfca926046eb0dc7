"""Lookups of the page tree, cached until the tree next changes.

Every page's shell shows things looked up from the page tree (the footer's policy
pages, the relief finder's signpost, the site and its home page: `site_lookup.py`),
and guides, relief methods and products show their links, related pages, topics and
sources (`per_tree_generation`). These change only when a page is published,
unpublished, moved or deleted, a view restriction changes, a row the cached values
carry is saved (a site, its settings, a picture, a cause or body area:
`changes_with_the_tree`), or moderation changes the reader comments or product
reviews readers see (the comments and reviews apps start a new generation then, as
a publish does; a new submission waiting for moderation does not). So they are kept
in the default cache (Redis in production, shared by every worker) under a
generation number that each of those events replaces at once (so the rest of its
transaction reads what it wrote) and again once its transaction has committed (so
no reader that recomputed in between keeps the old tree under the new number). The
generation is read once per request (`home/request_memo.py`).

Each process also keeps a copy of the entries it has read or written, for the
current generation only (`_ProcessCopies`): a page reads a dozen entries, and the
round trips to Redis cost about as much as unpickling them. The copy is the pickled
entry, so every request still gets objects of its own to change as it likes.
"""

from __future__ import annotations

import contextlib
import math
import pickle
import threading
import time
import uuid
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .request_memo import cached_once_per_request, forget, read_together

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)

GENERATION_KEY = "home:tree-generation"
# Recomputed at least this often, whatever happens, so a lost write heals itself.
TIMEOUT = 60 * 60
# Per-page entries (`per_tree_generation`) are many, and each new generation writes
# its own: a short life keeps the old generations' copies from piling up in Redis.
PAGE_TIMEOUT = 60 * 10
# Entries are stored pickled (see `_ProcessCopies`); part of every key, so a deploy
# that changes how they are stored never reads one stored the old way.
ENTRY_FORMAT = 2
# A process keeps at most this many bytes of pickled entries (the whole catalogue's
# cards at 10,000 products is about 20 MB); past it, it starts again.
PROCESS_COPY_BYTES = 32 * 1024 * 1024


class _ProcessCopies:
    """This process's copies of the pickled tree-cache entries of one generation.

    An entry is the same under a generation for every process (a generation ends
    whenever what it was computed from changes), so a copy read from Redis once can
    be used until the generation changes or the entry's timeout passes, as Redis
    would. Kept as bytes, not objects: each read unpickles its own objects.
    """

    def __init__(self, limit: int = PROCESS_COPY_BYTES) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._generation: str | None = None
        self._entries: dict[str, tuple[bytes, float]] = {}
        # Frozen values (`tree_cached_frozenset`) as objects too, beside their bytes.
        self._objects: dict[str, frozenset] = {}
        self._size = 0

    def get(self, generation: str, key: str) -> bytes | None:
        if generation != self._generation:
            return None
        entry = self._entries.get(key)
        if entry is None or entry[1] < time.monotonic():
            return None
        return entry[0]

    def put(self, generation: str, key: str, data: bytes, timeout: int | None) -> None:
        """Keep `data` for `timeout` seconds (None: as long as the generation, as
        Django's cache keeps a None timeout forever)."""
        expires = math.inf if timeout is None else time.monotonic() + timeout
        with self._lock:
            if generation != self._generation or self._size + len(data) > self._limit:
                self._start(generation)
            self._entries[key] = (data, expires)
            self._objects.pop(key, None)
            self._size += len(data)

    def get_frozen(self, generation: str, key: str) -> frozenset | None:
        """The object kept beside `key`'s bytes, while those are kept."""
        if self.get(generation, key) is None:
            return None
        return self._objects.get(key)

    def put_frozen(self, generation: str, key: str, value: frozenset) -> None:
        """Keep `value` beside `key`'s bytes (a no-op once those are gone)."""
        with self._lock:
            if generation == self._generation and key in self._entries:
                self._objects[key] = value

    def clear(self) -> None:
        with self._lock:
            self._start(None)

    def _start(self, generation: str | None) -> None:
        self._generation, self._entries, self._objects = generation, {}, {}
        self._size = 0


_copies = _ProcessCopies()


def _key(generation: str, name: str) -> str:
    return f"home:tree:{ENTRY_FORMAT}:{generation}:{name}"


def _dumps(value) -> bytes:
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _generation() -> str:
    return cached_once_per_request(GENERATION_KEY, _start_generation)


def _start_generation() -> str:
    """A first generation, where the cache holds none (or lost it)."""
    generation = uuid.uuid4().hex
    if not cache.add(GENERATION_KEY, generation, None):
        generation = cache.get(GENERATION_KEY) or generation
    return generation


read_together(GENERATION_KEY)


def current_generation() -> str:
    """The page tree's current generation (read once per request), for keys of
    caches kept elsewhere (`{% tree_generation %}`)."""
    return _generation()


def tree_cached(
    name: str, compute: Callable[[], T], timeout: int | None = TIMEOUT
) -> T:
    """`compute()`'s result, shared by every request until the page tree changes
    (or `timeout` seconds pass)."""
    generation = _generation()
    key = _key(generation, name)
    data = _copies.get(generation, key)
    if data is None:
        data = cache.get(key)
        if not isinstance(data, bytes):
            value = compute()
            data = _dumps(value)
            cache.set(key, data, timeout)
            _copies.put(generation, key, data, timeout)
            return value
        _copies.put(generation, key, data, timeout)
    return pickle.loads(data)  # noqa: S301 (written by this code, to our own Redis)


def tree_cached_frozenset(
    name: str, compute: Callable[[], frozenset[K]], timeout: int | None = TIMEOUT
) -> frozenset[K]:
    """`tree_cached` for a frozen set, which this process then shares as one object
    with every request until the generation changes: a set of every page's id is
    large (0.6 ms to unpickle at 10,000 products), and being frozen, no caller can
    change it for the others."""
    generation = _generation()
    key = _key(generation, name)
    found = _copies.get_frozen(generation, key)
    if found is not None:
        return found
    value = tree_cached(name, compute, timeout)
    if not isinstance(value, frozenset):
        raise TypeError(f"{name} must be a frozenset, not {type(value).__name__}")
    _copies.put_frozen(generation, key, value)
    return value


def tree_cached_many(
    prefix: str,
    keys: Iterable[K],
    compute_missing: Callable[[list[K]], dict[K, T]],
    timeout: int | None = PAGE_TIMEOUT,
) -> dict[K, T]:
    """`tree_cached` for many values in one round trip: `{key: value}` for each of
    `keys`, computing the absent ones together with `compute_missing(absent)`,
    which returns a value for each of them (a placeholder where there is none)."""
    generation = _generation()
    names = {key: _key(generation, f"{prefix}:{key}") for key in keys}
    if not names:
        return {}
    stored = {name: _copies.get(generation, name) for name in names.values()}
    unread = [name for name, data in stored.items() if data is None]
    if unread:
        for name, data in cache.get_many(unread).items():
            if isinstance(data, bytes):
                stored[name] = data
                _copies.put(generation, name, data, timeout)
    values = {
        key: pickle.loads(stored[name])  # noqa: S301 (as in tree_cached)
        for key, name in names.items()
        if stored[name] is not None
    }
    absent = [key for key in names if key not in values]
    if absent:
        computed = compute_missing(absent)
        written = {names[key]: _dumps(computed[key]) for key in absent}
        cache.set_many(written, timeout)
        for name, data in written.items():
            _copies.put(generation, name, data, timeout)
        values.update({key: computed[key] for key in absent})
    return values


#: True while a live page is served to readers (`serving_readers`).
_serving_readers: ContextVar[bool] = ContextVar("serving_readers", default=False)


@contextlib.contextmanager
def serving_readers() -> Iterator[None]:
    """Mark the block as serving a live page to readers, for lookups that may then
    use tree-cached rows (`is_serving_readers`): rows a reader sees change only with
    the tree, while the admin also shows draft fields (a draft title, a lock)
    that change without it."""
    token = _serving_readers.set(True)
    try:
        yield
    finally:
        _serving_readers.reset(token)


def is_serving_readers() -> bool:
    return _serving_readers.get()


def per_tree_generation(
    page, request, version: int, compute: Callable[[], T], *, part: str = ""
) -> T:
    """`compute()` for a live page, kept until the page tree next changes: for what a
    page shows from the tree (its links, related pages, topics, sources).

    A preview or an unsaved page computes its own, since its links are still in
    memory. `version` goes into the key: change it whenever what `compute` returns
    changes shape, so a deploy never unpickles an entry of the old shape. `part`
    names a second entry of the same page kept by another app (its comments).
    """
    if getattr(request, "is_preview", False) or not page.pk:
        return compute()
    name = f"{page._meta.label_lower}:{version}:{page.pk}"
    return tree_cached(f"{name}:{part}" if part else name, compute, PAGE_TIMEOUT)


def tree_changed_on_commit() -> None:
    """Start a new generation once the current transaction commits."""
    transaction.on_commit(_new_generation)


def tree_changed_now_and_on_commit() -> None:
    """Start a new generation at once, so the rest of this transaction reads what it
    wrote, and again once it commits, so no other reader keeps the old rows."""
    _new_generation()
    tree_changed_on_commit()


def _tree_model_changed(sender, **kwargs) -> None:
    tree_changed_now_and_on_commit()


_TREE_MODELS: set[str] = set()


def changes_with_the_tree(*models) -> None:
    """Start a new generation whenever a row of these models is saved or deleted:
    for models that tree-cached values carry (pictures, taxonomy snippets) but that
    change without a page being published."""
    for model in models:
        label = model._meta.label_lower
        _TREE_MODELS.add(label)
        post_save.connect(
            _tree_model_changed, sender=model, dispatch_uid=f"tree-saved-{label}"
        )
        post_delete.connect(
            _tree_model_changed, sender=model, dispatch_uid=f"tree-deleted-{label}"
        )


def changes_with_the_tree_registered(model) -> bool:
    """Whether saving or deleting a row of `model` starts a new generation."""
    return model._meta.label_lower in _TREE_MODELS


def _new_generation() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    forget(GENERATION_KEY)
