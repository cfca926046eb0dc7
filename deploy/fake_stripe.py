"""A Stripe-shaped stand-in for the loopback stack (`make cluster`) only.

Stripe cannot be reached from this machine, yet the cluster runs production settings,
which always talk to Stripe through the real SDK. `STRIPE_API_BASE` points the SDK
here. It answers the few calls the shop makes (Checkout Sessions: create, retrieve,
expire, list; refunds) with Stripe-shaped JSON, honours idempotency keys, and offers
one extra endpoint, `POST /_cluster/pay/<session id>`, which completes a session and
delivers a `checkout.session.completed` event signed with Stripe's algorithm to the
shop's webhook URL. Keeps everything in memory; never used outside the cluster.

    python deploy/fake_stripe.py --port 12111 --webhook-url http://127.0.0.1:8080/stripe/webhook/
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import re
import secrets
import threading
import time
import urllib.request
from socketserver import ThreadingMixIn
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

SESSIONS: dict[str, dict] = {}
BY_KEY: dict[str, dict] = {}
LOCK = threading.Lock()


def nested(form: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding (`a[b][0][c]=1`) back into dicts and lists."""
    root: dict = {}
    for key, value in form:
        _insert(root, re.findall(r"[^\[\]]+", key), value)
    return root


def _insert(node, keys: list[str], value: str) -> None:
    key, rest = keys[0], keys[1:]
    slot: int | str = int(key) if isinstance(node, list) else key
    if isinstance(node, list):
        while len(node) <= int(key):
            node.append(None)
    if not rest:
        node[slot] = value
        return
    child = node[slot] if isinstance(node, list) else node.get(key)
    if child is None:
        child = [] if rest[0].isdigit() else {}
        node[slot] = child
    _insert(child, rest, value)


def _new_session(params: dict) -> dict:
    items = params.get("line_items", [])
    amount = sum(
        int(item["quantity"]) * int(item["price_data"]["unit_amount"]) for item in items
    )
    for option in params.get("shipping_options", [])[:1]:
        amount += int(option["shipping_rate_data"]["fixed_amount"]["amount"])
    session_id = "cs_cluster_" + secrets.token_hex(12)
    return {
        "id": session_id,
        "object": "checkout.session",
        "livemode": False,
        "url": f"https://checkout.stripe.invalid/pay/{session_id}",
        "status": "open",
        "payment_status": "unpaid",
        "client_reference_id": params.get("client_reference_id"),
        "metadata": params.get("metadata", {}),
        "customer_email": params.get("customer_email"),
        "amount_total": amount,
        "currency": items[0]["price_data"]["currency"] if items else "eur",
        "payment_intent": None,
        "created": int(time.time()),
        "expires_at": int(params.get("expires_at", time.time() + 1800)),
        "success_url": params.get("success_url"),
        "cancel_url": params.get("cancel_url"),
    }


def _sign(payload: str, secret: str) -> str:
    timestamp = int(time.time())
    digest = hmac.new(
        secret.encode(), f"{timestamp}.{payload}".encode(), hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={digest}"


def _deliver(event_type: str, session: dict, config: argparse.Namespace) -> int:
    payload = json.dumps(
        {
            "id": "evt_cluster_" + secrets.token_hex(12),
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "livemode": False,
            "data": {"object": session},
        }
    )
    request = urllib.request.Request(
        config.webhook_url,
        data=payload.encode(),
        headers={
            "Content-Type": "application/json",
            "Stripe-Signature": _sign(payload, config.webhook_secret),
        },
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def application_for(config: argparse.Namespace):
    def application(environ, start_response):
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length).decode() if length else ""
        params = nested(parse_qsl(body, keep_blank_values=True))
        status, answer = route(method, path, params, environ, config)
        data = json.dumps(answer).encode()
        start_response(
            status,
            [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
        )
        return [data]

    return application


def route(method, path, params, environ, config):
    key = environ.get("HTTP_IDEMPOTENCY_KEY", "")
    paid = None
    with LOCK:
        if method == "POST" and path == "/v1/checkout/sessions":
            if key and key in BY_KEY:
                return "200 OK", BY_KEY[key]
            session = _new_session(params)
            SESSIONS[session["id"]] = session
            if key:
                BY_KEY[key] = session
            return "200 OK", session
        if method == "GET" and path == "/v1/checkout/sessions":
            return "200 OK", {
                "object": "list",
                "url": "/v1/checkout/sessions",
                "has_more": False,
                "data": sorted(SESSIONS.values(), key=lambda s: -s["created"]),
            }
        match = re.fullmatch(r"/v1/checkout/sessions/([\w]+)(/expire)?", path)
        if match and match.group(1) in SESSIONS:
            session = SESSIONS[match.group(1)]
            if match.group(2) and method == "POST":
                if session["status"] != "open":
                    return "400 Bad Request", _error("Session is not open.")
                session["status"] = "expired"
            return "200 OK", session
        if method == "POST" and path == "/v1/refunds":
            return "200 OK", {
                "id": "re_cluster_" + hashlib.sha256(key.encode()).hexdigest()[:20],
                "object": "refund",
                "amount": int(params.get("amount", 0)),
                "currency": "eur",
                "status": "succeeded",
                "payment_intent": params.get("payment_intent"),
            }
        match = re.fullmatch(r"/_cluster/pay/([\w]+)", path)
        if method == "POST" and match and match.group(1) in SESSIONS:
            session = SESSIONS[match.group(1)]
            session.update(
                status="complete",
                payment_status="paid",
                payment_intent="pi_cluster_" + secrets.token_hex(10),
            )
            paid = dict(session)
    if paid is not None:
        # Outside the lock: the shop may call back (retrieve) while handling it.
        status = _deliver("checkout.session.completed", paid, config)
        return "200 OK", {"webhook_status": status}
    return "404 Not Found", _error(f"No such route: {method} {path}")


def _error(message: str) -> dict:
    return {"error": {"type": "invalid_request_error", "message": message}}


class ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):  # requests are not worth a log line here
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--webhook-url", required=True)
    parser.add_argument(
        "--webhook-secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET", "")
    )
    config = parser.parse_args()
    server = make_server(
        "127.0.0.1",
        config.port,
        application_for(config),
        server_class=ThreadingServer,
        handler_class=QuietHandler,
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
