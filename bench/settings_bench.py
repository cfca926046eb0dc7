"""Production settings plus a trivial view (the ceiling) for bench/bench_pages.py.

BENCH_PAGE_CACHE=0 switches the page cache off, so one run can serve the same pages
cached and uncached side by side.
"""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "urls_bench"
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
if os.environ.get("BENCH_PAGE_CACHE") == "0":
    PAGE_CACHE_ALIAS = None
