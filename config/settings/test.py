"""Test settings: fast hashing, in-memory email, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="unknot-test-media-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "whsec_test_secret")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# As in production, renditions have a cache of their own, so a test that draws many
# images cannot push the site-wide entries (home/tree_cache.py, the view-restriction
# flag) out of the default one; each is large enough never to cull in a test.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
    "fragments": FRAGMENT_CACHE,  # noqa: F405
}

# No page cache unless a test switches it on (tests/home/test_page_cache.py): the
# suite changes content through the ORM, which no purge follows.
PAGE_CACHE_ALIAS = None

# TASK_BACKEND=database (base.py) runs the suite through the database task backend
# (CI's second pass, `make pytest-tasks`); tests/conftest.py then runs each task from
# its row as soon as it is enqueued, as a worker would.

# Tests create many images; tests/home/test_renditions.py switches this on.
PREGENERATE_RENDITIONS = False
