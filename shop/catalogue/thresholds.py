"""The site-wide low-stock threshold, which decides "only N left" badges.

A module of its own, free of models, so the admin panels and the models can both
import it at module level.
"""

from django.conf import settings
from wagtail.models import Site

from home.models import SiteSettings


def low_stock_threshold_for(request) -> int:
    """The site-wide low-stock threshold (SiteSettings), per request when given."""
    if request is not None:
        return SiteSettings.for_request(request).low_stock_threshold
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return settings.SHOP_DEFAULT_LOW_STOCK_THRESHOLD
    return SiteSettings.for_site(site).low_stock_threshold
