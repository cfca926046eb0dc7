from tests.shop.checkout.fixtures import (  # noqa: F401
    pending_order,
    site_settings,
    stripe_api,
)
