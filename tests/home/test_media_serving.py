"""Who serves /media/ on a single server: nginx, with deploy/nginx/single-server.conf.

The test runs that very file (its paths and ports swapped for temporary ones) with
Debian's nginx, a stand-in app server behind it, and checks each rule. Production
Django never serves media itself (config/urls.py adds Django's file view with DEBUG
only), and with a bucket media URLs point at the bucket, not at this server.
"""

import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import Resolver404, resolve

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "single-server.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the stdlib's name
        body = f"app saw {self.path} for {self.headers['Host']}".encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def nginx(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: apt-get install -y nginx-light (.ci/run does)")
    media = tmp_path / "media"
    (media / "original_images").mkdir(parents=True)
    (media / "original_images" / "roller.jpg").write_bytes(b"\xff\xd8jpeg bytes")
    (tmp_path / "secret.txt").write_text("outside media")
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    port = free_port()
    site = (
        CONF.read_text()
        .replace("/srv/unknot/media/", f"{media}/")
        .replace("127.0.0.1:8000", f"127.0.0.1:{app.server_address[1]}")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
    )
    (tmp_path / "site.conf").write_text(site)
    # Run as root, nginx's workers drop to `nobody`, who cannot read pytest's
    # private temporary folder; a real install gives www-data the media folder.
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(
        f"""
        {user}
        pid {tmp_path}/nginx.pid;
        error_log {tmp_path}/error.log;
        events {{}}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {tmp_path}/body;
            proxy_temp_path {tmp_path}/proxy;
            include {tmp_path}/site.conf;
        }}
        """
    )
    check = subprocess.run(  # noqa: S603
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen(  # noqa: S603
        [
            NGINX,
            "-p",
            str(tmp_path),
            "-c",
            str(tmp_path / "nginx.conf"),
            "-g",
            "daemon off;",
        ],
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310
            break
        except OSError:
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)
    app.shutdown()


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_nginx_serves_media_files_from_media_root_with_long_lived_headers(nginx):
    status, headers, body = get(nginx + "/media/original_images/roller.jpg")
    assert status == 200
    assert body == b"\xff\xd8jpeg bytes"
    assert headers["Content-Type"] == "image/jpeg"
    assert headers.get_all("Cache-Control") == ["public, max-age=2592000, immutable"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]


def test_missing_media_and_listings_stop_at_nginx_and_nothing_escapes(nginx):
    for path in ("/media/original_images/missing.jpg", "/media/"):
        status, _, body = get(nginx + path)
        assert status in (403, 404), path
        assert b"app saw" not in body, path
    # nginx resolves dot segments first: these are app paths, never files.
    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt"):
        status, _, body = get(nginx + path)
        assert b"outside media" not in body, path


def test_every_other_path_goes_to_the_app_with_its_host(nginx):
    status, _, body = get(nginx + "/guides/night-leg-cramps/?x=1")
    assert status == 200
    assert body.startswith(b"app saw /guides/night-leg-cramps/?x=1 for 127.0.0.1")


def test_django_without_debug_has_no_media_view(settings):
    # config/urls.py decides at import time; with DEBUG off (tests, production) the
    # media path falls through to Wagtail's page tree, which knows no such page.
    assert not settings.DEBUG
    try:
        match = resolve("/media/original_images/roller.jpg")
    except Resolver404:
        return
    assert match.func.__module__.startswith("wagtail"), match.func
