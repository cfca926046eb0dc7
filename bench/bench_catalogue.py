"""Catalogue benchmark: bulk generation speed, then listing and product page timings.

    .venv/bin/python bench/bench_catalogue.py [--products 2000]

Uses a throw-away SQLite database unless BENCH_DATABASE_URL points at an (empty,
disposable) PostgreSQL database. Prints products per minute for
`generate_catalogue`, then the median time and query count of the shop listing
(default sort, price sort with filters, a deep page) and of a product page.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="unknot-bench-")
    os.environ["DATABASE_URL"] = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from home.site_setup import ensure_site_tree
    from shop.catalogue.models import ProductPage

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    ensure_site_tree()

    started = time.monotonic()
    call_command(
        "generate_catalogue",
        products=args.products,
        seed=1,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    elapsed = time.monotonic() - started
    print(
        f"generate_catalogue --products {args.products}: {elapsed:.1f} s "
        f"({args.products / elapsed * 60:,.0f} products per minute)"
    )

    settings.DEBUG = True  # record queries
    client = Client()
    product = ProductPage.objects.filter(slug__startswith="generated-").last()
    urls = {
        "shop, featured": "/shop/",
        "shop, price sort + filters": "/shop/?sort=price_asc&in_stock=1&price_max=60",
        "shop, page 20": "/shop/?page=20",
        "category, newest": "/shop/foam-rollers/?sort=newest",
        "product page": product.url,
    }
    print(f"{'page':32} {'median ms':>10} {'queries':>8}")
    for name, url in urls.items():
        client.get(url)  # warm up
        timings, queries = [], 0
        for _ in range(args.repeat):
            reset_queries()
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries = len(connection.queries)
        print(f"{name:32} {statistics.median(timings):10.0f} {queries:8d}")


if __name__ == "__main__":
    main()
