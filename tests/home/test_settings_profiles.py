"""Each settings profile loads in a fresh interpreter with its expected environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7!kq2@z" * 8,
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unknot",
    "ALLOWED_HOSTS": "unknot.example",
    "STRIPE_SECRET_KEY": "sk_test_example",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_example",
    "STRIPE_WEBHOOK_SECRET": "whsec_example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def run_manage(settings_module: str, *args: str, extra_env: dict | None = None):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV
        and key not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra_env or {})
    env["DJANGO_SETTINGS_MODULE"] = settings_module
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("profile", ["dev", "test"])
def test_profile_loads_with_no_environment(profile):
    result = run_manage(f"config.settings.{profile}", "check")
    assert result.returncode == 0, result.stderr


def test_dev_profile_uses_sqlite_console_email_and_debug():
    result = run_manage(
        "config.settings.dev",
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.EMAIL_BACKEND)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == [
        "True",
        "django.db.backends.sqlite3",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_database_url_switches_to_postgresql():
    result = run_manage(
        "config.settings.dev",
        "shell",
        "-c",
        "from django.conf import settings as s;print(s.DATABASES['default']['ENGINE'])",
        extra_env={"DATABASE_URL": "postgres://u@db.example:5432/unknot"},
    )
    assert result.stdout.split()[-1] == "django.db.backends.postgresql"


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_production_refuses_to_start_without_each_secret(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run_manage("config.settings.production", "check", extra_env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_check_deploy_prints_no_warnings():
    result = run_manage(
        "config.settings.production", "check", "--deploy", extra_env=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_serves_compressed_hashed_static_files():
    result = run_manage(
        "config.settings.production",
        "shell",
        "-c",
        "from django.conf import settings as s;"
        "print(s.STORAGES['staticfiles']['BACKEND']); print(s.MIDDLEWARE[1])",
        extra_env=PRODUCTION_ENV,
    )
    assert "whitenoise.storage.CompressedManifestStaticFilesStorage" in result.stdout
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in result.stdout
