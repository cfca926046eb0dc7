from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    """Checkout pages, the hand-off to the payment gateway and the webhook view."""

    name = "shop.checkout"
    label = "checkout"
