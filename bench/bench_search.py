"""Site search at the demo size against 10,000 products, in one interleaved run.

    .venv/bin/python bench/bench_search.py [--products 10000] [--rounds 3] [--seconds 5]
    BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432 \
        .venv/bin/python bench/bench_search.py

Builds two databases: the demo (`load_demo`), and a copy of it with N generated
products on top (`generate_catalogue --products N`, bulk, search index included).
SQLite files live in a temporary folder; with BENCH_POSTGRES_URL the databases are
`<prefix>_demo` and `<prefix>_big` on that server (`--prefix`, default
`unknot_bench_search`; dropped and created, so never point it at data you keep).
`--keep` leaves them for the next run and `--reuse` skips building them, since a
10,000-product catalogue takes minutes to build on a busy machine. On PostgreSQL both
databases get `VACUUM ANALYZE` before the run, as autovacuum would give them
(`--as-built` skips it).

Then two gunicorn servers (production settings, page cache off, 2 workers each) serve
the two databases, and `wrk` loads each search URL on each server in turn (A/B/A/B,
`--rounds` times), so both sizes see the same machine load. It prints requests per
second and median latency per size and the ratio big / demo per URL.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
from pathlib import Path

from bench_pages import manage, prepare, serve, wait_until_up, warm, wrk_stats

SEARCHES = {
    "health question": "/search/?q=calf+cramp",
    "product words": "/search/?q=foam+roller",
    "products, page 1": "/search/?q=massage&kind=products",
    "products, page 200": "/search/?q=massage&kind=products&page=200",
}


def run(database_url: str, workdir: str, *args: str) -> None:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "UNKNOT_IGNORE_DOTENV": "1",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": f"{workdir}/media",
        }
    )
    manage(env, *args)


def psql(server: str, sql: str, database: str = "postgres") -> None:
    subprocess.run(  # noqa: S603
        ["psql", f"{server}/{database}", "-q", "-c", sql],  # noqa: S607
        check=True,
        stdout=subprocess.DEVNULL,
    )


def build(urls: dict[str, str], workdir: str, products: int, server: str | None):
    """The demo database, then the big one as its copy plus generated products."""
    if server:
        for name in urls.values():
            psql(server, f'DROP DATABASE IF EXISTS "{name.rsplit("/", 1)[1]}"')
        psql(server, f'CREATE DATABASE "{urls["demo"].rsplit("/", 1)[1]}"')
    run(urls["demo"], workdir, "migrate", "--noinput")
    run(urls["demo"], workdir, "load_demo")
    if server:
        demo, big = (urls[k].rsplit("/", 1)[1] for k in ("demo", "big"))
        psql(server, f'CREATE DATABASE "{big}" TEMPLATE "{demo}"')
    else:
        shutil.copyfile(
            urls["demo"].removeprefix("sqlite:///"),
            urls["big"].removeprefix("sqlite:///"),
        )
    run(urls["big"], workdir, "generate_catalogue", "--products", str(products))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--prefix", default="unknot_bench_search")
    parser.add_argument("--dir", help="folder for SQLite files and media (kept)")
    parser.add_argument("--reuse", action="store_true", help="databases exist")
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    parser.add_argument(
        "--as-built",
        action="store_true",
        help="PostgreSQL: measure without the VACUUM ANALYZE autovacuum would run",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    workdir = args.dir or tempfile.mkdtemp(prefix="unknot-bench-search-")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    server = os.environ.get("BENCH_POSTGRES_URL", "").rstrip("/") or None
    if server:
        urls = {size: f"{server}/{args.prefix}_{size}" for size in ("demo", "big")}
    else:
        urls = {size: f"sqlite:///{workdir}/{size}.sqlite3" for size in ("demo", "big")}
    if not args.reuse:
        build(urls, workdir, args.products, server)
    if server and not args.as_built:
        # The bench server runs with autovacuum off, so a bulk-built catalogue would
        # be measured with no planner statistics, a dead row per index entry (the
        # title_norm pass rewrites each) and every new entry still in the GIN
        # indexes' pending lists, which each full-text match then scans in full
        # (8 ms per search at +10,000). A live database gets this from autovacuum.
        for url in urls.values():
            psql(server, "VACUUM ANALYZE", database=url.rsplit("/", 1)[1])

    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    prepare(urls["demo"], redis_url, workdir, load=False)  # collectstatic only
    ports = {"demo": 8721, "big": 8722}
    servers = {
        size: serve(ports[size], urls[size], False, redis_url, workdir)
        for size in ports
    }
    try:
        for port in ports.values():
            wait_until_up(port)
        samples: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for _ in range(args.rounds):
            for label, path in SEARCHES.items():
                for size, port in ports.items():
                    warm(port, path)
                    samples.setdefault((label, size), []).append(
                        wrk_stats(port, path, args.seconds, args.connections)
                    )
        engine = "PostgreSQL" if server else "SQLite"
        print(
            f"{engine}; demo catalogue vs +{args.products} products; "
            f"wrk -c{args.connections} -d{args.seconds}s x {args.rounds} rounds, "
            "interleaved; page cache off"
        )
        print(
            f"{'search':<20}{'demo r/s':>10}{'big r/s':>10}"
            f"{'demo p50':>10}{'big p50':>10}{'p50 ratio':>11}"
        )
        for label in SEARCHES:
            row = {}
            for size in ports:
                rps = statistics.median(s[0] for s in samples[(label, size)])
                p50 = statistics.median(s[1] for s in samples[(label, size)])
                row[size] = (rps, p50)
            print(
                f"{label:<20}{row['demo'][0]:>10.1f}{row['big'][0]:>10.1f}"
                f"{row['demo'][1]:>8.0f}ms{row['big'][1]:>8.0f}ms"
                f"{row['big'][1] / row['demo'][1]:>10.2f}x"
            )
    finally:
        for process in servers.values():
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        if not args.keep:
            if server:
                for url in urls.values():
                    psql(server, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}"')
            if not args.dir:
                shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
