"""Demo users: the admin, one user per staff role and a shopper. Safe to run
repeatedly.

The usernames and the passwords are documented in the README; they exist only so that
`make run` shows what each role sees in the admin. A user found again by username is
never given its demo password back, so a changed password stays changed.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from shop.accounts.ownership import attach_verified_guest_orders
from shop.staff.roles import INVENTORY_STAFF, MARKETERS, SHOP_MANAGERS, ensure_roles

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "unknot-admin"  # noqa: S105 - documented demo credentials
DEMO_ADMIN_EMAIL = "admin@unknot.example"

DEMO_STAFF_PASSWORD = "unknot-demo"  # noqa: S105 - documented demo credentials

DEMO_STAFF = [
    # username, group, first name, last name
    ("marketer", MARKETERS, "Mara", "Marketer"),
    ("stock", INVENTORY_STAFF, "Stan", "Stock"),
    ("manager", SHOP_MANAGERS, "Minna", "Manager"),
]


def ensure_admin_user(stdout) -> None:
    """Create the demo superuser once; never reset a password someone changed."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_ADMIN_USERNAME,
        defaults={
            "email": DEMO_ADMIN_EMAIL,
            "is_staff": True,
            "is_superuser": True,
            "first_name": "Demo",
            "last_name": "Admin",
        },
    )
    if created:
        user.set_password(DEMO_ADMIN_PASSWORD)
        user.save(update_fields=["password"])
        stdout.write(f"Created demo admin user '{DEMO_ADMIN_USERNAME}'.")


def ensure_staff_users(stdout) -> None:
    """Complete the roles (guides may have added workflows since) and give each role
    its demo user."""
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


# A shopper's account (the e-mail address of a demo order), verified, so "Your
# account" has an order to show. Shoppers log in by e-mail address at /account/login/.
DEMO_SHOPPER_EMAIL = "jana.demo@example.com"
DEMO_SHOPPER_PASSWORD = "unknot-shopper"  # noqa: S105 - documented demo credentials


def ensure_demo_shopper(stdout) -> None:
    """Create the demo shopper once, with a verified address; the demo orders placed
    with that address then join the account, as a real verification would do."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_SHOPPER_EMAIL.split("@")[0],
        defaults={"email": DEMO_SHOPPER_EMAIL, "first_name": "Jana"},
    )
    if created:
        user.set_password(DEMO_SHOPPER_PASSWORD)
        user.save(update_fields=["password"])
        stdout.write(f"Created demo shopper '{DEMO_SHOPPER_EMAIL}'.")
    EmailAddress.objects.update_or_create(
        user=user,
        email=DEMO_SHOPPER_EMAIL,
        defaults={"verified": True, "primary": True},
    )
    attach_verified_guest_orders(user)
