"""The Redis cache backend production uses: Django's, with its redis-py client kept."""

import os
import uuid

import pytest
import redis
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from home.redis_cache import RedisCache

REDIS_URL = os.environ.get("UNKNOT_TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


@pytest.fixture
def redis_url():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs Redis at {REDIS_URL}: {error}")
        pytest.skip(f"needs Redis at {REDIS_URL} (CI has it): {error}")
    return REDIS_URL


def backend(cls, url):
    return cls(url, {"KEY_PREFIX": f"unknot-test-{uuid.uuid4().hex}"})


def test_the_client_is_built_once_and_reused(redis_url):
    cache = backend(RedisCache, redis_url)
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    # Django's own backend builds a new client for every call: what this avoids.
    django_cache = backend(DjangoRedisCache, redis_url)
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
