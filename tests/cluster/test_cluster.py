"""Two app servers, one shop: what must hold when Unknot runs scaled out.

Run with `make cluster` then `make cluster-test` (CI does both after the main suite).
Each test talks HTTP to the proxy (:8080) or to one app server (:8001 A, :8002 B).
"""

from __future__ import annotations

import io
import re
import subprocess
import threading
import time
import uuid
from pathlib import Path

import redis
import requests
from PIL import Image

from deploy import cluster

from .conftest import (
    APP_A,
    APP_B,
    PROXY,
    STRIPE,
    TIMEOUT,
    admin_session,
    buyable_product,
    csrf_token,
    database,
    form_value,
    wait_until,
)


def add_to_cart(session: requests.Session, base: str) -> str:
    path, variant, source_page = buyable_product(session, base)
    response = session.post(
        f"{base}/cart/add/",
        data={
            "csrfmiddlewaretoken": csrf_token(session, base),
            "variant": variant,
            "quantity": "1",
            "source_page": source_page,
        },
        headers={"Referer": f"{base}{path}"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code in (302, 303), response.text[:300]
    return path


def place_order(session: requests.Session, base: str, email: str):
    page = session.get(f"{base}/checkout/", timeout=TIMEOUT)
    assert page.status_code == 200
    return session.post(
        f"{base}/checkout/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "cart_fingerprint": form_value(page.text, "cart_fingerprint"),
            "email": email,
            "full_name": "Cluster Shopper",
            "address_line1": "Lindenstraße 12",
            "postcode": "10969",
            "city": "Berlin",
            "country": "DE",
            "shipping_method": "standard",
            "accept_terms": "on",
        },
        headers={"Referer": f"{base}/checkout/"},
        allow_redirects=False,
        timeout=TIMEOUT,
    )


def buy_and_pay(shopper: requests.Session, start: str, finish: str, email: str) -> str:
    """Cart on `start`, checkout on `finish`, paid through the Stripe stand-in (its
    webhook goes through the proxy). Returns the Checkout Session id."""
    add_to_cart(shopper, start)
    assert "Your cart" in shopper.get(f"{finish}/cart/", timeout=TIMEOUT).text
    response = place_order(shopper, finish, email)
    assert response.status_code in (302, 303), response.text[:500]
    session_id = re.search(r"(cs_cluster_\w+)", response.headers["Location"]).group(1)
    paid = requests.post(f"{STRIPE}/_cluster/pay/{session_id}", timeout=TIMEOUT)
    assert paid.json() == {"webhook_status": 200}
    return session_id


def cached(url: str) -> bool:
    return requests.get(url, timeout=TIMEOUT).headers.get("X-Proxy-Cache") == "HIT"


def mails_to(email: str) -> list[Path]:
    folder = cluster.STATE / "mail"
    return [p for p in folder.glob("*.log") if email in p.read_text(errors="replace")]


def test_a_cart_started_on_one_app_server_is_checked_out_on_the_other():
    shopper = requests.Session()
    email = f"cluster-{uuid.uuid4().hex[:8]}@example.com"

    session_id = buy_and_pay(shopper, APP_A, APP_B, email)

    success = shopper.get(
        f"{APP_A}/checkout/success/", params={"session_id": session_id}, timeout=TIMEOUT
    )
    assert "Paid" in success.text
    with database() as connection:
        status = connection.execute(
            "SELECT status FROM orders_order WHERE email = %s", [email]
        ).fetchone()
    assert status == ("paid",)


def test_an_upload_through_one_server_renders_through_the_other_and_deletes_whole():
    editor = admin_session(APP_A)
    page = editor.get(f"{APP_A}/admin/images/add/", timeout=TIMEOUT)
    title = f"Cluster upload {uuid.uuid4().hex[:8]}"
    picture = io.BytesIO()
    Image.new("RGB", (800, 600), (40, 120, 160)).save(picture, "PNG")
    picture.seek(0)
    upload = ("cluster-upload.png", picture, "image/png")
    response = editor.post(
        f"{APP_A}/admin/images/add/",
        data={
            "csrfmiddlewaretoken": form_value(page.text, "csrfmiddlewaretoken"),
            "title": title,
        },
        files={"file": upload},
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    assert response.status_code == 302, response.text[:500]
    listing = editor.get(f"{APP_B}/admin/images/", params={"q": title}, timeout=TIMEOUT)
    image_id = re.search(r"/admin/images/(\d+)/", listing.text).group(1)

    edit = editor.get(f"{APP_B}/admin/images/{image_id}/", timeout=TIMEOUT)

    rendition = re.search(r'src="(http://127\.0\.0\.1:8333/[^"]+)"', edit.text)
    assert rendition, "B shows no rendition from the object store"
    served = requests.get(rendition.group(1), timeout=TIMEOUT)
    assert served.status_code == 200
    assert served.headers["Content-Type"].startswith("image/")

    # Deleting it (through B this time) removes the rendition from the bucket too.
    editor.post(
        f"{APP_B}/admin/images/{image_id}/delete/",
        data={"csrfmiddlewaretoken": editor.cookies["csrftoken"]},
        timeout=TIMEOUT,
    ).raise_for_status()
    wait_until(
        lambda: requests.get(rendition.group(1), timeout=5).status_code == 404, 10
    )


def test_a_page_change_through_one_server_is_fresh_through_the_proxy_within_a_second():
    editor = admin_session(APP_A)
    found = editor.get(
        f"{APP_A}/admin/api/main/pages/",
        params={"slug": "night-leg-cramps"},
        timeout=TIMEOUT,
    ).json()
    page_id = found["items"][0]["id"]
    url = f"{PROXY}/guides/night-leg-cramps/"
    # Cached first (purges from earlier tests' orders may still be arriving).
    wait_until(lambda: cached(url), 10, 0.3)
    try:
        editor.post(
            f"{APP_A}/admin/pages/{page_id}/unpublish/",
            data={"csrfmiddlewaretoken": editor.cookies["csrftoken"]},
            timeout=TIMEOUT,
        ).raise_for_status()
        started = time.monotonic()
        wait_until(lambda: requests.get(url, timeout=5).status_code == 404, 1.0)
        assert time.monotonic() - started <= 1.0
    finally:
        publish = editor.get(
            f"{APP_A}/admin/bulk/wagtailcore/page/publish/",
            params={"id": page_id},
            timeout=TIMEOUT,
        )
        editor.post(
            f"{APP_A}/admin/bulk/wagtailcore/page/publish/?id={page_id}",
            data={
                "csrfmiddlewaretoken": form_value(publish.text, "csrfmiddlewaretoken")
            },
            timeout=TIMEOUT,
        )
    wait_until(lambda: requests.get(url, timeout=5).status_code == 200, 1.0)


def test_a_stock_change_that_flips_the_badge_purges_the_product_page():
    shopper = requests.Session()
    path, variant, _source = buyable_product(shopper, APP_A)
    url = f"{PROXY}{path}"
    # Cached first (purges from earlier tests' orders may still be arriving).
    wait_until(lambda: cached(url), 10, 0.3)
    with database() as connection:
        level_id, on_hand, reserved = connection.execute(
            "SELECT id, on_hand, reserved FROM inventory_stocklevel"
            " WHERE variant_id = %s",
            [int(variant)],
        ).fetchone()
    free = on_hand - reserved
    editor = admin_session(APP_A)

    def adjust(delta: int, reason: str) -> None:
        editor.post(
            f"{APP_A}/admin/stock/{level_id}/adjust/",
            data={
                "csrfmiddlewaretoken": editor.cookies["csrftoken"],
                "delta": str(delta),
                "reason": reason,
                "note": "cluster suite",
            },
            timeout=TIMEOUT,
        ).raise_for_status()

    adjust(-free, "damaged")
    try:
        wait_until(
            lambda: "Out of stock" in requests.get(url, timeout=TIMEOUT).text, 5, 0.2
        )
    finally:
        adjust(free, "correction")
    wait_until(
        lambda: "Out of stock" not in requests.get(url, timeout=TIMEOUT).text, 5, 0.2
    )


def test_a_stopped_worker_delays_emails_but_loses_none():
    cluster._stop("worker")
    email = f"worker-{uuid.uuid4().hex[:8]}@example.com"
    try:
        buy_and_pay(requests.Session(), PROXY, PROXY, email)
        time.sleep(2)
        assert mails_to(email) == [], "mailed without a worker"
    finally:
        cluster.start_worker()
    wait_until(lambda: mails_to(email), 60, 0.5)


def test_a_stopped_app_server_costs_at_most_the_requests_in_flight():
    cluster._stop("app-b")
    try:
        started = time.monotonic()
        answers = [
            requests.get(f"{PROXY}/visitor.json", timeout=TIMEOUT).status_code
            for _ in range(40)
        ]
        took = time.monotonic() - started
    finally:
        cluster.start_app_servers()
    assert answers == [200] * 40
    # Each request a dead server gets is retried at once on the live one: no hang.
    assert took < 20


def test_a_database_restart_under_load_loses_no_order():
    acknowledged: list[str] = []
    failures: list[int] = []
    stop = threading.Event()

    def shop():
        # Paced: every unpaid order holds its stock for 30 minutes, so a few seconds
        # of steady orders prove the point without emptying the demo shop.
        while not stop.wait(0.25):
            shopper = requests.Session()
            email = f"restart-{uuid.uuid4().hex[:10]}@example.com"
            try:
                add_to_cart(shopper, PROXY)
                response = place_order(shopper, PROXY, email)
            except (requests.RequestException, AssertionError):
                failures.append(0)
                continue
            if response.status_code in (302, 303):
                acknowledged.append(email)
            else:
                failures.append(response.status_code)

    workers = [threading.Thread(target=shop) for _ in range(2)]
    for worker in workers:
        worker.start()
    time.sleep(1)
    version = sorted(Path("/etc/postgresql").iterdir())[-1].name
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
        check=True,
    )
    time.sleep(2)
    stop.set()
    for worker in workers:
        worker.join(timeout=60)

    # The site answers again without restarting any app server.
    wait_until(
        lambda: requests.get(f"{PROXY}/cart/", timeout=5).status_code == 200, 30, 0.5
    )
    assert acknowledged, "no order went through at all"
    with database() as connection:
        stored = {
            row[0]
            for row in connection.execute(
                "SELECT email FROM orders_order WHERE email = ANY(%s)", [acknowledged]
            )
        }
    assert stored == set(acknowledged)


def test_redis_bounds_its_memory_by_evicting_the_least_recently_used_keys():
    """The page cache stores entries without a timeout; Redis must evict, not fail
    writes or grow without bound, when it fills."""
    client = redis.Redis(port=cluster.REDIS_PORT)
    assert client.config_get("maxmemory-policy") == {"maxmemory-policy": "allkeys-lru"}
    assert int(client.config_get("maxmemory")["maxmemory"]) > 0
