"""Load the demo site: home page, catalogue, users, orders and guides. Idempotent.

Every step finds what it created before (by slug, SKU, e-mail or username) and only
adds what is missing, so running the command twice leaves one copy of everything.
The content itself is data: see each app's `demo/data/` folder.

The demo orders are paid through the real checkout, which e-mails the shoppers; those
e-mails are kept in memory, never printed (dev settings print mail to the console).
`--progress` (what `make run` uses) shows one progress bar instead of a line per item.
"""

import logging
from io import StringIO

from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from config.demo import orders, users
from guides import demo as guides_demo
from guides.comments import demo as comments_demo
from guides.finder import demo as finder_demo
from guides.newsletter import demo as newsletter_demo
from home import demo as home_demo
from home.site_setup import ensure_site_tree
from shop.alerts import demo as alerts_demo
from shop.catalogue import demo as catalogue_demo
from shop.discounts import demo as discounts_demo
from shop.reviews import demo as reviews_demo


def load_admin_and_home(stdout) -> None:
    users.ensure_admin_user(stdout)
    home_demo.load(stdout)


def load_staff_and_orders(stdout) -> None:
    # After the catalogue: the demo orders buy its products.
    users.ensure_staff_users(stdout)
    orders.load_demo_orders(stdout)
    # After the orders: the shopper's verified address brings one of them along.
    users.ensure_demo_shopper(stdout)
    # After the orders: demo shoppers review what they bought.
    reviews_demo.load(stdout)


# In this order, with what the progress bar says; each step runs in its own
# transaction.
DEMO_STEPS = [
    ("Admin user and home page", load_admin_and_home),
    ("Shop: categories, products, stock", catalogue_demo.load),
    ("Discount code", discounts_demo.load),
    (
        "Staff users, three paid orders and their reviews, a shopper",
        load_staff_and_orders,
    ),
    ("A shopper waiting for a sold-out product", alerts_demo.load),
    # After the catalogue: relief methods link the catalogue's demo products.
    ("Guides and relief methods", guides_demo.load),
    # After the guides: the finder's rules name their causes and guides.
    ("Relief finder: questions, red flags, rules", finder_demo.load),
    ("Free guide for newsletter sign-ups", newsletter_demo.load),
    # After the guides: comments sit under guides and methods, replies name authors.
    ("Reader questions and comments", comments_demo.load),
]
MAIL_IN_MEMORY = "django.core.mail.backends.locmem.EmailBackend"


class Command(BaseCommand):
    help = "Create or complete the demo content and demo users (safe to re-run)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--progress",
            action="store_true",
            help="Show a progress bar instead of a line per item created.",
        )
        parser.add_argument(
            "--host",
            help="host:port the site is served on (e.g. 127.0.0.1:8000); canonical "
            "links and the sitemap are built from it",
        )

    def handle(self, *args, progress=False, **options):
        if options["host"]:
            hostname, port = split_host(options["host"])
            ensure_site_tree(hostname=hostname, port=port)
            if not progress:
                self.stdout.write(f"Site: http://{hostname}:{port}/")
        sent_before = len(getattr(mail, "outbox", []))
        with override_settings(EMAIL_BACKEND=MAIL_IN_MEMORY):
            if progress:
                self._load_with_progress_bar()
            else:
                for _label, step in DEMO_STEPS:
                    with transaction.atomic():
                        step(self.stdout)
        kept = len(getattr(mail, "outbox", [])) - sent_before
        suffix = f" ({kept} demo order e-mails kept out of the console)" if kept else ""
        self.stdout.write(self.style.SUCCESS(f"Demo site ready{suffix}."))

    def _load_with_progress_bar(self) -> None:
        columns = (
            TextColumn("Loading the demo"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
        )
        # Per-item lines and the webhook log would scroll the bar away.
        logging.disable(logging.INFO)
        try:
            with Progress(*columns, transient=False) as bar:
                task = bar.add_task("", total=len(DEMO_STEPS))
                for label, step in DEMO_STEPS:
                    bar.update(task, description=label)
                    with transaction.atomic():
                        step(StringIO())
                    bar.advance(task)
                bar.update(task, description="done")
        finally:
            logging.disable(logging.NOTSET)


def split_host(value: str) -> tuple[str, int]:
    """'127.0.0.1:8000' → ('127.0.0.1', 8000); a bare host means port 80."""
    hostname, _, port = value.rpartition(":") if ":" in value else (value, "", "80")
    if not hostname or not port.isdigit():
        raise CommandError(f"--host must look like 127.0.0.1:8000, not {value!r}")
    return hostname, int(port)
