"""Throughput of the scaled-out stack, as ratios against a trivial view in one run.

Needs a running `make cluster` and Debian's `wrk`. Loopback only; every run is
bounded by `--seconds`.

    .venv/bin/python bench/bench_cluster.py --seconds 10
    .venv/bin/python bench/bench_cluster.py --soak 60     # plus 60 s at 32 connections

Rows, each measured with wrk in the same run:
- ceiling: `/healthz` straight to app server A (a trivial Django view, one query);
- cached: pages through Varnish, served from its cache;
- straight to one server: the same pages to app server A, which answers repeats from
  its own Redis page cache (issue 19);
- uncached, two servers: through Varnish with a query string that makes every request
  a miss, so the round-robin director spreads them over A and B.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

PROXY = "http://127.0.0.1:8080"
APP_A = "http://127.0.0.1:8001"
PAGES = {
    "home": "/",
    "guide": "/guides/night-leg-cramps/",
    "shop": "/shop/",
}
# Every request a new URL: a miss at the proxy, so the app servers do the work.
CACHE_BUSTER = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", wrk.path .. "?bench=" .. counter .. "-" .. math.random(1e9))
end
"""


def wrk(url: str, seconds: int, connections: int, script: str | None = None) -> dict:
    command = [
        "wrk",
        "--latency",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
    ]
    if script:
        command += ["-s", script]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    return {
        "rps": rps,
        "errors": (int(non_2xx.group(1)) if non_2xx else 0)
        + (sum(int(n) for n in socket.groups()) if socket else 0),
        "p50": f"{p50.group(1)} {p50.group(2)}" if p50 else "?",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--soak", type=int, default=0, help="seconds at 32 connections")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install wrk")
    seconds, connections = options.seconds, options.connections
    with tempfile.TemporaryDirectory() as folder:
        buster = Path(folder) / "bust.lua"
        buster.write_text(CACHE_BUSTER)
        ceiling = wrk(f"{APP_A}/healthz", seconds, connections)
        rows = [("ceiling: /healthz, app server A", ceiling)]
        for name, path in PAGES.items():
            wrk(f"{PROXY}{path}", 1, 1)  # fill the cache
            rows.append(
                (
                    f"{name}, cached through Varnish",
                    wrk(f"{PROXY}{path}", seconds, connections),
                )
            )
            rows.append(
                (
                    f"{name}, uncached, one app server",
                    wrk(f"{APP_A}{path}", seconds, connections),
                )
            )
            rows.append(
                (
                    f"{name}, uncached, two app servers behind Varnish",
                    wrk(f"{PROXY}{path}", seconds, connections, str(buster)),
                )
            )
    print(
        f"wrk, {connections} connections, {seconds} s each; "
        f"load average before the run: {os.getloadavg()[0]:.2f}\n"
    )
    print("| run | req/s | × ceiling | p50 | errors |\n|---|---:|---:|---:|---:|")
    for label, figures in rows:
        print(
            f"| {label} | {figures['rps']:.0f} | "
            f"{figures['rps'] / ceiling['rps']:.2f} | {figures['p50']} | "
            f"{figures['errors']} |"
        )
    if options.soak:
        soak = wrk(f"{PROXY}{PAGES['guide']}", options.soak, 32)
        print(
            f"\nsoak: guide page cached, 32 connections, {options.soak} s: "
            f"{soak['rps']:.0f} req/s ({soak['rps'] / ceiling['rps']:.2f} × ceiling), "
            f"p50 {soak['p50']}, {soak['errors']} errors; "
            f"load average after: {os.getloadavg()[0]:.2f}"
        )


if __name__ == "__main__":
    main()
