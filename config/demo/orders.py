"""Paid demo orders for staff to pack, ship and refund. Safe to run repeatedly.

They go through the real checkout and the local test payment provider, so the demo
needs the catalogue, checkout and orders together: that is why this lives in the
composition root rather than in any one shop app.
"""

from wagtail.models import Site

from shop.catalogue.models import ProductVariant
from shop.checkout import local_provider
from shop.checkout.services import CheckoutDetails
from shop.orders.models import Order
from shop.payments import gateway

DEMO_CUSTOMERS = [
    # e-mail, name, city, postcode, [(sku index, quantity)]
    ("jana.demo@example.com", "Jana Krampf", "Berlin", "10115", [(0, 1), (3, 2)]),
    ("tom.demo@example.com", "Tom Wade", "Hamburg", "20095", [(1, 1)]),
    ("ines.demo@example.com", "Ines Rücken", "München", "80331", [(2, 2), (5, 1)]),
]


def load_demo_orders(stdout) -> None:
    """Paid orders placed through the real checkout and the local test provider
    (so refunds work in development). Skipped where that provider is off (tests,
    production): demo orders are never faked past the payment code."""
    if not gateway.local_provider_enabled():
        return
    variants = list(
        ProductVariant.objects.purchasable()
        .filter(stock__on_hand__gt=5)
        .order_by("sku")[:6]
    )
    if len(variants) < 6 or not Site.objects.filter(is_default_site=True).exists():
        return
    for email, name, city, postcode, picks in DEMO_CUSTOMERS:
        if Order.objects.filter(email=email).exists():
            continue
        order = local_provider.place_paid_order(
            details=CheckoutDetails(
                email=email,
                full_name=name,
                address_line1="Musterstraße 7",
                postcode=postcode,
                city=city,
                country="DE",
                shipping_method="standard",
            ),
            lines=[(variants[index].pk, quantity) for index, quantity in picks],
            site_url="http://127.0.0.1:8000",
        )
        stdout.write(f"Demo order {order.reference} for {name}: paid.")
