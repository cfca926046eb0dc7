"""Settings shared by every profile.

Each profile (dev, test, production) imports this module and overrides what differs.
Everything that varies between machines comes from the environment; `.env.example`
documents every variable.
"""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable into a list of non-empty items."""
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config",
    "home",
    "guides",
    "guides.finder",
    "guides.newsletter",
    "guides.comments",
    "shop.catalogue",
    "shop.inventory",
    "shop.discounts",
    "shop.alerts",
    "shop.cart",
    "shop.payments",
    "shop.checkout",
    "shop.orders",
    "shop.accounts",
    "shop.attribution",
    "shop.reviews",
    "shop.staff",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "django_tasks",
    "django_tasks_db",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above sessions, CSRF and GZip: sees the final headers, stores compressed bodies.
    "home.middleware.PageCacheMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Below GZip: the ETag is a hash of the uncompressed page, the same on every
    # render (GZip adds random bytes to each compressed body and weakens the tag).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Page views only (process_view): the site, home page and settings, cached.
    "home.site_lookup.CachedSiteMiddleware",
    # Last, so it is the first to see a view's database connection error.
    "home.outage.DatabaseOutageMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# DATABASE_URL switches any profile to PostgreSQL; otherwise a local SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        # A persistent connection that died (database restart) is noticed and
        # replaced at the start of the next request instead of failing it.
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Unknot <shop@unknot.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # carts survive browser restarts for 30 days

# --- Shoppers' accounts (shop/accounts, django-allauth) -------------------------------
# Staff sign in to the Wagtail admin with their username (ModelBackend), shoppers on
# /account/login/ with their e-mail address (allauth's backend). Accounts are
# optional: nobody needs one to buy.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
# A shopper may sign in before verifying, but guest orders join the account only
# once the address is verified (shop/accounts/ownership.py).
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CHANGE_EMAIL = True  # a new address replaces the old once it is verified
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # the link opens a page with a button
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = True  # sessions last SESSION_COOKIE_AGE, like the cart
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Unknot: "
ACCOUNT_USER_DISPLAY = "shop.accounts.visitor.user_display"
# Guessing is slowed down in the default cache (Redis in production): at most 5
# failed log-ins per address in 5 minutes and 10 per minute from one IP address.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/300s/key"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:overview"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

# --- Background tasks ----------------------------------------------------------------
# E-mails, the automatic refund (shop/orders/tasks.py), cache purges and Wagtail's
# reference index run as tasks: at once, in the same process, unless TASK_BACKEND is
# "database" (always in production), which queues them for `manage.py db_worker`.
# Two queues: "default" for what a reader or shopper waits on (e-mails, refunds,
# purges), "renditions" for bulk image work, so a busy image queue never holds a purge.
TASK_QUEUES = ["default", "renditions"]
IMMEDIATE_TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,
    }
}
DATABASE_TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": TASK_QUEUES}
}
TASKS = (
    DATABASE_TASKS if os.environ.get("TASK_BACKEND") == "database" else IMMEDIATE_TASKS
)

# --- Rendered fragments ------------------------------------------------------------
# Product cards (and other fragments every page repeats) are kept rendered in each
# process, under a key made of every value they show, so a change to any of them is a
# new key: nothing to purge, and a stale fragment cannot be served. Per process
# because a hit must cost less than rendering (a Redis round trip would not).
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}

# --- Wagtail -----------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Unknot"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend (PostgreSQL full text, SQLite FTS5), ranking each match
# once so search time does not grow with the catalogue (home/search_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_backend"}}
# No request to an outside host from the admin: avatars are uploaded, never fetched.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Every size the templates use is made when an image is saved (home/renditions.py).
PREGENERATE_RENDITIONS = True
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Where purges go (home/purges.py decides what to purge): this site's own page cache.
# A proxy or CDN in front adds its backend here (Wagtail's HTTPBackend for Varnish).
# `wagtail.contrib.frontend_cache` is deliberately not an installed app: its signal
# handlers would purge a published page alone, before commit; home/signals.py
# purges it with every page that shows it, after commit.
WAGTAILFRONTENDCACHE = {
    "pages": {"BACKEND": "home.frontend_cache.PageCacheBackend"},
}
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- What readers write (comments, reviews; home/user_content.py) ------------------
# A form sent sooner than this after it was handed out is a bot; one older than the max
# age is handed back with a fresh token. Rates are django-ratelimit's ("5/h", "20/d"),
# counted in the default cache per client IP and per e-mail address.
USER_CONTENT_MIN_FILL_SECONDS = int(
    os.environ.get("USER_CONTENT_MIN_FILL_SECONDS", "3")
)
USER_CONTENT_FORM_MAX_AGE = 60 * 60 * 24
USER_CONTENT_MAX_LINKS = int(os.environ.get("USER_CONTENT_MAX_LINKS", "2"))
USER_CONTENT_RATE_PER_IP = os.environ.get("USER_CONTENT_RATE_PER_IP", "5/h")
USER_CONTENT_RATE_PER_EMAIL = os.environ.get("USER_CONTENT_RATE_PER_EMAIL", "3/h")
# The header that carries the reader's IP behind a proxy (e.g. HTTP_X_FORWARDED_FOR);
# REMOTE_ADDR when unset.
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

# --- Shop --------------------------------------------------------------------------
SHOP_CURRENCY = os.environ.get("SHOP_CURRENCY", "EUR")
SHOP_MAX_QUANTITY_PER_LINE = int(os.environ.get("SHOP_MAX_QUANTITY_PER_LINE", "10"))
SHOP_MAX_LINES_PER_CART = int(os.environ.get("SHOP_MAX_LINES_PER_CART", "50"))
# Newsletter and back-in-stock sign-ups per client IP address and hour
# (home/double_opt_in.py); more get a 429 "try again in N minutes".
OPT_IN_SIGNUPS_PER_IP_PER_HOUR = int(
    os.environ.get("OPT_IN_SIGNUPS_PER_IP_PER_HOUR", "20")
)
# Trusted proxies in front of the app that append to X-Forwarded-For (0: read
# REMOTE_ADDR, as without a proxy; Varnish in front: 1).
OPT_IN_PROXY_HOPS = int(os.environ.get("OPT_IN_PROXY_HOPS", "0"))
SHOP_RESERVATION_MINUTES = int(os.environ.get("SHOP_RESERVATION_MINUTES", "30"))
# How long the order-page link in an e-mail works; an older one offers a fresh link.
SHOP_ORDER_LINK_DAYS = int(os.environ.get("SHOP_ORDER_LINK_DAYS", "60"))
# Where django-ratelimit reads the client's address (the re-send-link form). Behind
# a proxy that sets it, e.g. HTTP_X_REAL_IP; the default suits a direct connection.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
SHOP_SHIPPING_COUNTRIES = env_list("SHOP_SHIPPING_COUNTRIES", "DE,AT,NL,BE,FR,IE,LU")
SHOP_DEFAULT_LOW_STOCK_THRESHOLD = 5
SHOP_DEFAULT_FLAT_SHIPPING = Decimal("4.90")
SHOP_DEFAULT_FREE_SHIPPING_THRESHOLD = Decimal("50.00")
# How long the review link in an order e-mail works (shop/reviews/links.py).
REVIEW_LINK_MAX_AGE_DAYS = int(os.environ.get("REVIEW_LINK_MAX_AGE_DAYS", "365"))

STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_MAX_NETWORK_RETRIES = int(os.environ.get("STRIPE_MAX_NETWORK_RETRIES", "2"))
STRIPE_TIMEOUT_SECONDS = int(os.environ.get("STRIPE_TIMEOUT_SECONDS", "20"))
# Empty: Stripe's own API. The loopback stack (`make cluster`) points it at a local
# Stripe-shaped stand-in, since Stripe cannot be reached from there.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# The local test payment provider (shop/payments/local_backend.py) stands in for
# Stripe in development only; a system check refuses it unless DEBUG is on.
SHOP_TEST_PAYMENTS = False
SHOP_TEST_PAYMENTS_WEBHOOK_SECRET = ""

# Add-to-cart forms sit on cached pages: a failed token gets a friendly confirm page.
CSRF_FAILURE_VIEW = "shop.cart.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Background-task runners log every task at INFO; only problems matter here.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}
