from tests.shop.checkout.fixtures import site_settings  # noqa: F401
