"""Helpers for the cluster suite: real HTTP against a running `make cluster`.

Nothing here touches the test database: every request goes through the proxy or
straight to one app server, as a browser would, and the few facts checked behind the
app's back (orders in PostgreSQL) are read with plain SQL.
"""

from __future__ import annotations

import json
import re
import time

import psycopg
import pytest
import requests

from deploy import cluster

PROXY = cluster.PROXY_URL
APP_A = f"http://127.0.0.1:{cluster.APP_PORTS['app-a']}"
APP_B = f"http://127.0.0.1:{cluster.APP_PORTS['app-b']}"
STRIPE = f"http://127.0.0.1:{cluster.STRIPE_PORT}"
# Generous: a page the proxy has not cached yet may make its image renditions first.
TIMEOUT = 60


@pytest.fixture(scope="session", autouse=True)
def running_cluster():
    """The suite needs the stack; it says how to start it instead of skipping."""
    try:
        requests.get(f"{PROXY}/healthz", timeout=5).raise_for_status()
    except requests.RequestException as error:
        pytest.exit(f"No cluster at {PROXY} ({error}): run `make cluster` first.", 2)
    return json.loads((cluster.STATE / "env.json").read_text())


def csrf_token(session: requests.Session, base: str) -> str:
    """The visitor endpoint issues the CSRF cookie, as it does for cached pages."""
    session.get(f"{base}/visitor.json", timeout=TIMEOUT).raise_for_status()
    return session.cookies["csrftoken"]


def form_value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} in the page"
    return match.group(1)


def admin_session(base: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{base}/admin/login/", timeout=TIMEOUT)
    response = session.post(
        f"{base}/admin/login/",
        data={
            "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
            "username": "admin",
            "password": "unknot-admin",
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302, response.text[:500]
    return session


def buyable_product(session: requests.Session, base: str) -> tuple[str, str, str]:
    """(product URL, variant id, source page id or "") of a product in stock."""
    listing = session.get(f"{base}/shop/", timeout=TIMEOUT).text
    for path in dict.fromkeys(re.findall(r'href="(/shop/[\w-]+/[\w-]+/)"', listing)):
        html = session.get(f"{base}{path}", timeout=TIMEOUT).text
        if 'name="quantity"' in html and "Out of stock" not in html:
            variant = re.search(r'name="variant" value="(\d+)"', html)
            if variant:
                # The reader's content path is filled in by attribution.js.
                source = re.search(r'name="source_page" value="(\d*)"', html)
                return path, variant.group(1), source.group(1) if source else ""
    raise AssertionError("No product in stock in the demo shop.")


def wait_until(check, timeout: float, interval: float = 0.1):
    """Poll `check` until it returns something truthy; return that, or fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"Not true within {timeout} s.")


def database():
    return psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{cluster.DATABASE}")
