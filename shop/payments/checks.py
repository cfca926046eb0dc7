"""System checks that keep the money path safely configured.

Their ids keep the `checkout.` prefix they had before payments became an app of its
own: operators may have silenced them by id.
"""

from django.conf import settings
from django.core.checks import Error, register

STRIPE_MINIMUM_SESSION_MINUTES = 30
STRIPE_MAXIMUM_SESSION_MINUTES = 24 * 60


@register()
def payment_settings(app_configs, **kwargs):
    errors = []
    if getattr(settings, "SHOP_TEST_PAYMENTS", False) and not settings.DEBUG:
        errors.append(
            Error(
                "SHOP_TEST_PAYMENTS (the local test payment provider) is on while "
                "DEBUG is off.",
                hint="The test provider accepts pretend payments; it only exists for "
                "development. Configure STRIPE_SECRET_KEY instead.",
                id="checkout.E001",
            )
        )
    minutes = settings.SHOP_RESERVATION_MINUTES
    if not (
        STRIPE_MINIMUM_SESSION_MINUTES <= minutes <= STRIPE_MAXIMUM_SESSION_MINUTES
    ):
        errors.append(
            Error(
                f"SHOP_RESERVATION_MINUTES is {minutes}; Stripe Checkout Sessions "
                f"expire between {STRIPE_MINIMUM_SESSION_MINUTES} minutes and 24 "
                "hours after creation.",
                id="checkout.E002",
            )
        )
    return errors
