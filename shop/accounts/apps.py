from django.apps import AppConfig

from home.extensions import register_visitor_field


class AccountsConfig(AppConfig):
    """Shoppers' accounts: sign-up and log-in (django-allauth), "Your account" with
    orders and saved addresses, and which orders belong to whom.

    Optional for shoppers: checkout works the same for guests. Staff keep signing in
    to the Wagtail admin with their username.
    """

    name = "shop.accounts"
    label = "accounts"
    verbose_name = "Shopper accounts"

    def ready(self):
        from . import signals
        from .visitor import account_link

        signals.connect()
        # Cached pages show "Log in" or "Your account" from /visitor.json.
        register_visitor_field("account", account_link)
