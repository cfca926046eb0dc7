"""Local development: works with no environment (SQLite, console email, DEBUG)."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = True
SECRET_KEY = os.environ.get(  # noqa: S105 - a development-only fallback
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-never-use-in-production"
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# runserver serves static files from the source folders; no collectstatic needed.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Without Stripe keys, checkout uses the clearly labelled local test payment provider.
SHOP_TEST_PAYMENTS = not STRIPE_SECRET_KEY and env_bool(  # noqa: F405
    "SHOP_TEST_PAYMENTS", True
)
SHOP_TEST_PAYMENTS_WEBHOOK_SECRET = "whsec_local_" + SECRET_KEY[-24:]

# The page cache works in development too (one process, so local memory will do);
# purges reach it through the same frontend-cache backend as in production.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "TIMEOUT": None,
    },
    "fragments": FRAGMENT_CACHE,  # noqa: F405
}
PAGE_CACHE_ALIAS = "pages"

# Making every rendition of every demo image in-process would hold `make run` up for
# minutes; development makes them on first view, as before. Production (and
# PREGENERATE_RENDITIONS=1 here) makes them in the task worker when an image is saved.
PREGENERATE_RENDITIONS = env_bool("PREGENERATE_RENDITIONS", False)
