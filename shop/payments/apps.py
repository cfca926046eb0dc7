from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """The payment gateway: Stripe and the local test provider behind one API."""

    name = "shop.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
