import gc
import os

from django.core.wsgi import get_wsgi_application

from config.env_file import load_env_file

load_env_file()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# What is loaded by now (Django, Wagtail, every app and model) lives as long as the
# worker: frozen, the collector's full passes no longer walk it on every request
# that allocates a lot (an uncached page, 5-10 % in-process; bench/README.md).
gc.freeze()
