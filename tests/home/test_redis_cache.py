"""The Redis cache backend production uses: Django's, with its redis-py client kept."""

import os
import shutil
import socket
import subprocess
import time
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from home.redis_cache import RedisCache

REDIS_URL = os.environ.get("UNKNOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture(scope="module")
def redis_url():
    """The machine's Redis (development and CI machines run one on 6379), or, when
    none answers, a throw-away `redis-server` (`make test` installs it) on a free
    port, kept in memory and stopped after these tests."""
    if _answers(REDIS_URL):
        yield REDIS_URL
        return
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail(f"no Redis at {REDIS_URL} and no redis-server: make test-redis")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(  # noqa: S603 - fixed arguments
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(50):
            if _answers(url):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"redis-server did not answer on port {port}")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def _answers(url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def backend(cls, url):
    return cls(url, {"KEY_PREFIX": f"unknot-test-{uuid.uuid4().hex}"})


def test_the_client_is_built_once_and_reused():
    # Building a client opens no connection: no server is needed here.
    cache = backend(RedisCache, REDIS_URL)
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    # Django's own backend builds a new client for every call: what this avoids.
    django_cache = backend(DjangoRedisCache, REDIS_URL)
    assert django_cache._cache.get_client() is not django_cache._cache.get_client()


def test_it_behaves_as_djangos_backend(redis_url):
    cache = backend(RedisCache, redis_url)
    try:
        cache.set("page", {"html": "<p>Hi</p>"}, 30)
        assert cache.get("page") == {"html": "<p>Hi</p>"}
        assert cache.add("page", "other") is False
        cache.set_many({"a": 1, "b": 2})
        assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
        assert cache.incr("a") == 2
        cache.delete("page")
        assert cache.get("page", "gone") == "gone"
        # Another backend object on the same server reads what this one wrote.
        reader = RedisCache(redis_url, {"KEY_PREFIX": cache.key_prefix})
        assert reader.get("b") == 2
    finally:
        cache.clear()
