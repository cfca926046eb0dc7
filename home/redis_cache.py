"""Django's Redis cache backend, with one redis-py client per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` object for every
cache call. The connection itself comes from the pool either way, but each new
client first fills its table of response callbacks (about 150 entries): measured
here, that took as long as the round trip to Redis it was built for. A page the
cache misses makes five to ten cache calls (tree lookups, the view-restriction
flag, renditions) and a page-cache hit makes two or three, so each paid that twice.

The client is built once per pool and kept. redis-py clients are safe to share
between threads (every command borrows a connection from the pool), and Django
keeps one backend object per thread anyway. Everything else is Django's backend:
the serializer, keys, timeouts and primary/replica choice.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisClient


class RedisCacheClient(DjangoRedisClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)
            client = self._clients[index] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache`, reusing its clients."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
