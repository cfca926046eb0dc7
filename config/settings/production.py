"""Production: refuses to start without its secrets; HTTPS only; hashed static files."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

REQUIRED_VARIABLES = (
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "REDIS_URL",
)
_missing = [name for name in REQUIRED_VARIABLES if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

DEBUG = False
SHOP_TEST_PAYMENTS = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
if os.environ.get("EMAIL_FILE_PATH"):  # the file backend (the loopback stack)
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Behind a TLS-terminating proxy every cookie is Secure; a loopback stack without TLS
# (`make cluster`) turns that off explicitly.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- shared media on S3-compatible object storage -----------------------------------
# With a bucket configured, images, documents and renditions live in it, so every app
# server sees every upload. Wagtail needs AWS_S3_FILE_OVERWRITE off: two renditions or
# uploads with one name must never replace each other. Without a bucket, media stays
# on the local disk (MEDIA_ROOT), which suits a single server (see README, Deploying).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES = {
        **STORAGES,  # noqa: F405
        "default": {"BACKEND": "storages.backends.s3.S3Storage"},
    }
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = os.environ.get("AWS_ACCESS_KEY_ID", "")
    AWS_SECRET_ACCESS_KEY = os.environ.get("AWS_SECRET_ACCESS_KEY", "")
    # Public media at a CDN or the bucket's own address (no signed, expiring URLs
    # in cached pages).
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_URL_PROTOCOL = os.environ.get("AWS_S3_URL_PROTOCOL", "https:")
    AWS_QUERYSTRING_AUTH = False
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None

# --- the caching proxy in front -----------------------------------------------------
# Wagtail's frontend cache purges pages at the proxy when they change. FRONTEND_CACHE_
# PURGE_URL is the proxy's address as the app servers reach it (Varnish here; other
# backends, e.g. CloudFront or Cloudflare, are configured the same way).
FRONTEND_CACHE_PURGE_URL = os.environ.get("FRONTEND_CACHE_PURGE_URL", "")
if FRONTEND_CACHE_PURGE_URL:
    # Added to the page-cache backend from base settings; home/purges.py sends every
    # purge after commit (the frontend_cache app's own handlers are not installed).
    WAGTAILFRONTENDCACHE = {
        **globals().get("WAGTAILFRONTENDCACHE", {}),
        "proxy": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
        },
    }

# --- Caches: pages, sessions and renditions in Redis ----------------------------------
# One Redis for every worker, so a purge reaches them all (home/frontend_cache.py).
REDIS_URL = os.environ["REDIS_URL"]
CACHES = {
    "default": {
        "BACKEND": "home.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "unknot",
    },
    "pages": {
        "BACKEND": "home.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "unknot-pages",
        "TIMEOUT": None,
    },
    # Wagtail looks rendition rows up here before asking the database.
    "renditions": {
        "BACKEND": "home.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "unknot-renditions",
        "TIMEOUT": 60 * 60 * 24 * 7,
    },
    "fragments": FRAGMENT_CACHE,  # noqa: F405
}
PAGE_CACHE_ALIAS = "pages"
# Sessions read from Redis first (a cart visitor's page-cache hit checks the session);
# the database keeps them when Redis restarts.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Persistent connections, checked before reuse so a restarted database costs one
# failed query instead of a burst of 500s.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Tasks wait in the database for `manage.py db_worker` (run one or more beside the
# web processes); failed ones show under Settings → Background tasks.
TASKS = DATABASE_TASKS
