from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Back-in-stock alerts: a shopper asks to hear when a sold-out variant is back,
    confirms the address (double opt-in, home/double_opt_in.py), and gets one
    e-mail when the stock service brings the SKU above zero."""

    name = "shop.alerts"
    label = "alerts"
    verbose_name = "Back-in-stock alerts"

    def ready(self):
        # The catalogue's buy box, the inventory's signal and its Stock listing are
        # extension points: neither app imports this one.
        from . import signals

        signals.connect()
