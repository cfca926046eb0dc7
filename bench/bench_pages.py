"""Pages per second, cached and uncached, beside a trivial view (the ceiling).

    .venv/bin/python bench/bench_pages.py [--seconds 5] [--connections 8] [--products N]
    BENCH_DATABASE_URL=... BENCH_MEDIA_ROOT=... bench_pages.py --prepared

`--products N` adds N generated products to the demo (`generate_catalogue`), for the
10,000-product rows; `--prepared` uses a database that already holds them (and its
media folder, BENCH_MEDIA_ROOT), since building one takes minutes on a busy machine.
`--listing` loads the shop listing's variants instead (default order, a price sort,
a filter, a deep page, a category page) on an uncached server only; with
`--against URL` a second uncached server on another prepared database (say the demo
plus 10,000 products) takes turns with it, page by page, so both see the same load.

Builds a throw-away database with the demo (SQLite, or BENCH_DATABASE_URL for an
empty, disposable PostgreSQL database), then starts two gunicorn servers on loopback
with production settings (2 sync workers each, DEBUG off): one with the Redis page
cache (REDIS_URL, default redis://127.0.0.1:6379/15, flushed first) and one without.
`wrk` (Debian's package) loads each page on each server in turn, for a bounded time,
and the script prints requests per second and each figure as a share of the trivial
view measured in the same run. Nothing but 127.0.0.1 is contacted.
"""

import argparse
import hashlib
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PAGES = {
    "trivial view": "/bench/trivial/",
    "visitor.json": "/visitor.json",
    # A policy page: the site shell (header, footer, forms, social tags) around a
    # short text, so a page's own cost can be told from the shell's.
    "policy (shell)": "/terms/",
    "home": "/",
    "guide": "/guides/night-leg-cramps/",
    "relief method": "/relief/warm-compress/",
    "product": "/shop/heat-pads-and-wheat-bags/wheat-bag-neck-wrap/",
    "shop listing": "/shop/",
    "search": "/search/?q=calf+cramp",
}
#: `--listing`: what the shop listing costs to compute (uncached), beside the ceiling.
#: At the demo size `?page=200` is answered with the last page.
LISTING_PAGES = {
    "trivial view": "/bench/trivial/",
    "shop listing": "/shop/",
    "price sort": "/shop/?sort=price_asc",
    "area filter": "/shop/?area=calf",
    "page 200": "/shop/?page=200",
    "category": "/shop/foam-rollers/",
}


def environment(database_url: str, cache: bool, redis_url: str, workdir: str) -> dict:
    namespace = hashlib.blake2s(database_url.encode(), digest_size=4).hexdigest()
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "settings_bench",
            "PYTHONPATH": f"{ROOT / 'bench'}:{ROOT}",
            "UNKNOT_IGNORE_DOTENV": "1",
            "DATABASE_URL": database_url,
            "DJANGO_SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "STRIPE_SECRET_KEY": "sk_test_bench",
            "STRIPE_PUBLISHABLE_KEY": "pk_test_bench",
            "STRIPE_WEBHOOK_SECRET": "whsec_bench",
            "REDIS_URL": redis_url,
            "SECURE_SSL_REDIRECT": "false",
            "BENCH_PAGE_CACHE": "1" if cache else "0",
            # One namespace per database: servers of two databases share the Redis.
            "BENCH_CACHE_NAMESPACE": namespace,
            "LOG_LEVEL": "WARNING",
            "BENCH_STATIC_ROOT": f"{workdir}/static",
            "MEDIA_ROOT": os.environ.get("BENCH_MEDIA_ROOT", f"{workdir}/media"),
        }
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepare(
    database_url: str, redis_url: str, workdir: str, products: int = 0, load=True
) -> None:
    env = environment(database_url, True, redis_url, workdir)
    manage(env, "collectstatic", "--noinput")
    if not load:
        return
    # Development settings: tasks (renditions) run in-process, media in MEDIA_ROOT.
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    manage(env, "migrate", "--noinput")
    manage(env, "load_demo")
    if products:
        manage(env, "generate_catalogue", "--products", str(products))


def serve(port: int, database_url: str, cache: bool, redis_url: str, workdir: str):
    env = environment(database_url, cache, redis_url, workdir)
    return subprocess.Popen(  # noqa: S603
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
            # Two servers start at once: gunicorn's default control socket
            # (~/.gunicorn/gunicorn.ctl) is one path for both, and nothing here
            # uses it.
            "--no-control-socket",
            "config.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def wait_until_up(port: int) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/trivial/", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn on {port} did not start")


def warm(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:  # noqa: S310
        r.read()
        return r.headers.get("X-Cache", "-")


def wrk_stats(port: int, path: str, seconds: int, connections: int):
    """(requests per second, median latency in ms) of one bounded wrk run."""
    output = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "--latency",
            f"http://127.0.0.1:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    value, unit = re.search(r"50%\s+([\d.]+)(us|ms|s)", output).groups()
    p50 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
    return rps, p50


def wrk(port: int, path: str, seconds: int, connections: int) -> float:
    return wrk_stats(port, path, seconds, connections)[0]


def print_listing(pages, servers, results, medians, url_a, url_b) -> None:
    """--listing: req/s, share of the same server's trivial view and p50 per server,
    then B's p50 as a multiple of A's."""
    print(f"A: {url_a}" + (f"\nB: {url_b}" if url_b else ""))
    header = f"{'page':<14}"
    for name in servers:
        header += f"{name + ' req/s':>11}{'%':>7}{'p50 ms':>9}"
    print(header + (f"{'B/A p50':>9}" if "B" in servers else ""))
    for label in pages:
        line = f"{label:<14}"
        for name in servers:
            rps, ceiling = results[(label, name)], results[("trivial view", name)]
            line += f"{rps:>11.0f}{rps / ceiling:>7.1%}{medians[(label, name)]:>9.1f}"
        if "B" in servers:
            line += f"{medians[(label, 'B')] / medians[(label, 'A')]:>8.2f}x"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument(
        "--products",
        type=int,
        default=0,
        help="generated products on top of the demo (generate_catalogue)",
    )
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--prepared",
        action="store_true",
        help="BENCH_DATABASE_URL already holds the demo (and any products)",
    )
    parser.add_argument(
        "--listing",
        action="store_true",
        help="the shop listing's variants, uncached only (LISTING_PAGES)",
    )
    parser.add_argument(
        "--against",
        metavar="DATABASE_URL",
        help="with --listing: a second prepared database, served and loaded in turn",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    workdir = tempfile.mkdtemp(prefix="unknot-bench-pages-")
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3"
    )
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    subprocess.run(  # noqa: S603
        ["redis-cli", "-u", redis_url, "flushdb"],  # noqa: S607
        check=True,
        stdout=subprocess.DEVNULL,
    )
    prepare(database_url, redis_url, workdir, args.products, not args.prepared)
    for url in (database_url, args.against):
        if url and url.startswith("postgres"):
            # As autovacuum would on a live site (this machine's server has it off):
            # planner statistics, and no new index entries left in pending lists.
            subprocess.run(  # noqa: S603
                ["psql", url, "-q", "-c", "VACUUM ANALYZE"],  # noqa: S607
                check=True,
                stdout=subprocess.DEVNULL,
            )

    pages = LISTING_PAGES if args.listing else PAGES
    if args.listing:
        servers = {"A": (8712, serve(8712, database_url, False, redis_url, workdir))}
        if args.against:
            servers["B"] = (8713, serve(8713, args.against, False, redis_url, workdir))
    else:
        servers = {
            "cached": (8711, serve(8711, database_url, True, redis_url, workdir)),
            "uncached": (8712, serve(8712, database_url, False, redis_url, workdir)),
        }
    try:
        for port, _ in servers.values():
            wait_until_up(port)
        samples: dict[tuple[str, str], list[float]] = {}
        latencies: dict[tuple[str, str], list[float]] = {}
        states = {}
        # Rounds A/B/A/B: every page on both servers, then again, so each figure and
        # the ceiling see the same spread of machine load; medians are printed.
        for _ in range(args.rounds):
            for label, path in pages.items():
                for mode, (port, _) in servers.items():
                    warm(port, path)
                    states[(label, mode)] = warm(port, path)
                    rps, p50 = wrk_stats(port, path, args.seconds, args.connections)
                    samples.setdefault((label, mode), []).append(rps)
                    latencies.setdefault((label, mode), []).append(p50)
        results = {key: statistics.median(values) for key, values in samples.items()}
        medians = {key: statistics.median(values) for key, values in latencies.items()}
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        size = f"demo + {args.products} products" if args.products else "demo"
        print(
            f"{engine}, {size}, wrk -t2 -c{args.connections} -d{args.seconds}s, "
            f"2 workers, median of {args.rounds} interleaved rounds"
        )
        if args.listing:
            print_listing(pages, servers, results, medians, database_url, args.against)
            return
        print(
            f"{'page':<16}{'uncached':>10}{'cached':>10}{'unc. %':>9}{'cached %':>10}"
        )
        ceiling = results[("trivial view", "uncached")]
        for label in pages:
            uncached = results[(label, "uncached")]
            cached = results[(label, "cached")]
            print(
                f"{label:<16}{uncached:>10.0f}{cached:>10.0f}"
                f"{uncached / ceiling:>9.1%}{cached / ceiling:>10.1%}"
                f"   X-Cache {states[(label, 'cached')]}"
            )
    finally:
        for _, process in servers.values():
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
