"""Demo step: the staff roles and one demo user per role. Safe to run repeatedly.

The usernames and the shared password are documented in the README; they exist only
so that `make run` shows what each role sees in the admin.
"""

from django.contrib.auth import get_user_model

from shop.staff.roles import INVENTORY_STAFF, MARKETERS, SHOP_MANAGERS, ensure_roles

DEMO_STAFF_PASSWORD = "unknot-demo"  # noqa: S105 - documented demo credentials

DEMO_STAFF = [
    # username, group, first name, last name
    ("marketer", MARKETERS, "Mara", "Marketer"),
    ("stock", INVENTORY_STAFF, "Stan", "Stock"),
    ("manager", SHOP_MANAGERS, "Minna", "Manager"),
]


DEMO_CUSTOMERS = [
    # e-mail, name, city, postcode, [(sku index, quantity)]
    ("jana.demo@example.com", "Jana Krampf", "Berlin", "10115", [(0, 1), (3, 2)]),
    ("tom.demo@example.com", "Tom Wade", "Hamburg", "20095", [(1, 1)]),
    ("ines.demo@example.com", "Ines Rücken", "München", "80331", [(2, 2), (5, 1)]),
]


def load(stdout) -> None:
    """Complete the roles (guides may have added workflows since) and the users,
    then a few paid orders for staff to pack, ship and refund."""
    groups = ensure_roles()
    user_model = get_user_model()
    for username, group_name, first_name, last_name in DEMO_STAFF:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@unknot.example",
                "first_name": first_name,
                "last_name": last_name,
                "is_staff": False,
            },
        )
        if created:
            user.set_password(DEMO_STAFF_PASSWORD)
            user.save(update_fields=["password"])
            stdout.write(f"Created demo user '{username}' ({group_name}).")
        user.groups.add(groups[group_name])
    load_demo_orders(stdout)


def load_demo_orders(stdout) -> None:
    """Paid orders placed through the real checkout and the local test provider
    (so refunds work in development). Skipped where that provider is off (tests,
    production): demo orders are never faked past the payment code."""
    from wagtail.models import Site

    from shop.catalogue.models import ProductVariant
    from shop.checkout import local_provider, payments
    from shop.checkout.services import CheckoutDetails
    from shop.orders.models import Order

    if not payments.local_provider_enabled():
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
