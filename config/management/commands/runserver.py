"""`runserver --welcome`: Django's (and staticfiles') dev server, ending its start-up
output with where to go and how to log in, which `make run` uses.

Everything else is the stock command; without `--welcome` nothing changes.
"""

from django.contrib.staticfiles.management.commands.runserver import (
    Command as StaticfilesRunserver,
)

from config.demo.users import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DEMO_SHOPPER_EMAIL,
    DEMO_SHOPPER_PASSWORD,
    DEMO_STAFF,
    DEMO_STAFF_PASSWORD,
)
from shop.discounts import demo as discounts_demo


def welcome_block(base_url: str) -> str:
    staff = ", ".join(username for username, *_ in DEMO_STAFF)
    rule = "─" * 72
    return "\n".join(
        [
            rule,
            "Unknot is running.",
            f"  Site       {base_url}",
            f"  Admin      {base_url}admin/   {DEMO_ADMIN_USERNAME} / "
            f"{DEMO_ADMIN_PASSWORD}",
            f"  Staff      {staff}   (password {DEMO_STAFF_PASSWORD})",
            f"  Shopper    {base_url}account/login/   {DEMO_SHOPPER_EMAIL} / "
            f"{DEMO_SHOPPER_PASSWORD}",
            "  Paying     Put a product in the cart and check out: the local test",
            "             payment page opens; press Pay (or Decline, or Abandon).",
            "             No card and no Stripe account needed.",
            f"  Code       {discounts_demo.welcome_line()}: type it in the cart.",
            "  Stop       Ctrl-C   (a development server: never use it in production)",
            rule,
        ]
    )


class Command(StaticfilesRunserver):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--welcome",
            action="store_true",
            help="After start-up, print the site and admin URLs and demo logins.",
        )

    def inner_run(self, *args, **options):
        self._welcome = options.get("welcome", False)
        return super().inner_run(*args, **options)

    def on_bind(self, server_port):
        if not getattr(self, "_welcome", False):
            return super().on_bind(server_port)
        host = "0.0.0.0" if self.addr == "0" else self.addr  # noqa: S104
        host = f"[{host}]" if self._raw_ipv6 else host
        self.stdout.write(welcome_block(f"{self.protocol}://{host}:{server_port}/"))
