"""Production settings plus a trivial view (the ceiling) for bench/bench_pages.py.

BENCH_PAGE_CACHE=0 switches the page cache off, so one run can serve the same pages
cached and uncached side by side. BENCH_CACHE_NAMESPACE goes in front of every Redis
cache's key prefix: two servers of two databases (the demo and +10,000 products)
share one Redis in a bench run, and must not read each other's tree-cache entries,
renditions or pages.
"""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "urls_bench"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
_namespace = os.environ.get("BENCH_CACHE_NAMESPACE")
for _alias in CACHES.values():  # noqa: F405
    if _namespace and "KEY_PREFIX" in _alias:
        _alias["KEY_PREFIX"] = f"{_namespace}-{_alias['KEY_PREFIX']}"
if os.environ.get("BENCH_PAGE_CACHE") == "0":
    PAGE_CACHE_ALIAS = None
