"""Load the demo site: home page, catalogue, users, orders and guides. Idempotent.

Every step finds what it created before (by slug, SKU, e-mail or username) and only
adds what is missing, so running the command twice leaves one copy of everything.
The content itself is data: see each app's `demo/data/` folder.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from config.demo import orders, users
from guides import demo as guides_demo
from home import demo as home_demo
from home.site_setup import ensure_site_tree
from shop.catalogue import demo as catalogue_demo


def load_admin_and_home(stdout) -> None:
    users.ensure_admin_user(stdout)
    home_demo.load(stdout)


def load_staff_and_orders(stdout) -> None:
    # After the catalogue: the demo orders buy its products.
    users.ensure_staff_users(stdout)
    orders.load_demo_orders(stdout)


# In this order; each step runs in its own transaction.
DEMO_STEPS = [
    load_admin_and_home,
    catalogue_demo.load,
    load_staff_and_orders,
    # After the catalogue: relief methods link the catalogue's demo products.
    guides_demo.load,
]


class Command(BaseCommand):
    help = "Create or complete the demo content and demo users (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host",
            help="host:port the site is served on (e.g. 127.0.0.1:8000); canonical "
            "links and the sitemap are built from it",
        )

    def handle(self, *args, **options):
        if options["host"]:
            hostname, port = split_host(options["host"])
            ensure_site_tree(hostname=hostname, port=port)
            self.stdout.write(f"Site: http://{hostname}:{port}/")
        for step in DEMO_STEPS:
            with transaction.atomic():
                step(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo site ready."))


def split_host(value: str) -> tuple[str, int]:
    """'127.0.0.1:8000' → ('127.0.0.1', 8000); a bare host means port 80."""
    hostname, _, port = value.rpartition(":") if ":" in value else (value, "", "80")
    if not hostname or not port.isdigit():
        raise CommandError(f"--host must look like 127.0.0.1:8000, not {value!r}")
    return hostname, int(port)
