"""Shipping options and what they cost (the cart shows them, checkout charges them).

Standard delivery costs the flat price from site settings and is free from the
free-shipping threshold up; express is a business rule (code), never free.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.validators import RegexValidator

STANDARD = "standard"
EXPRESS = "express"
EXPRESS_PRICE = Decimal("9.90")


@dataclass(frozen=True)
class ShippingOption:
    code: str
    name: str
    description: str
    price: Decimal


def free_shipping_remaining(subtotal: Decimal, site_settings) -> Decimal:
    """How much more the shopper must spend for free standard delivery (0 if none)."""
    threshold = site_settings.free_shipping_threshold
    if not threshold or subtotal >= threshold:
        return Decimal("0.00")
    return threshold - subtotal


def shipping_options(subtotal: Decimal, site_settings) -> list[ShippingOption]:
    free = free_shipping_remaining(subtotal, site_settings) == 0
    return [
        ShippingOption(
            code=STANDARD,
            name="Standard delivery",
            description="2–4 working days",
            price=Decimal("0.00") if free else site_settings.flat_shipping_price,
        ),
        ShippingOption(
            code=EXPRESS,
            name="Express delivery",
            description="1–2 working days",
            price=EXPRESS_PRICE,
        ),
    ]


def shipping_option(code: str, subtotal: Decimal, site_settings) -> ShippingOption:
    for option in shipping_options(subtotal, site_settings):
        if option.code == code:
            return option
    raise KeyError(code)


# The names of the countries we may ship to (SHOP_SHIPPING_COUNTRIES), for forms,
# e-mails, order pages and packing slips.
COUNTRY_NAMES = {
    "AT": "Austria",
    "BE": "Belgium",
    "CH": "Switzerland",
    "DE": "Germany",
    "DK": "Denmark",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "IT": "Italy",
    "LU": "Luxembourg",
    "NL": "Netherlands",
    "PL": "Poland",
    "PT": "Portugal",
    "SE": "Sweden",
}


def country_name(code: str) -> str:
    """ "DE" → "Germany"; an unknown code comes back as it is."""
    return COUNTRY_NAMES.get((code or "").upper(), code)


def country_choices() -> list[tuple[str, str]]:
    """The countries we ship to (SHOP_SHIPPING_COUNTRIES), by name, for address forms
    (checkout and the addresses saved in an account)."""
    codes = [code.upper() for code in settings.SHOP_SHIPPING_COUNTRIES]
    return sorted(
        ((code, COUNTRY_NAMES.get(code, code)) for code in codes),
        key=lambda choice: choice[1],
    )


def default_country() -> str:
    """The first shipping country, preselected on address forms."""
    return settings.SHOP_SHIPPING_COUNTRIES[0].upper()


validate_postcode = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9 -]{1,10}$", "Please enter a valid postcode."
)
