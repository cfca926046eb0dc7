from .fixtures import pending_order, site_settings, stripe_api  # noqa: F401
