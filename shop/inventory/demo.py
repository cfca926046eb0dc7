"""Demo step: the staff roles and one demo user per role. Safe to run repeatedly.

The usernames and the shared password are documented in the README; they exist only
so that `make run` shows what each role sees in the admin.
"""

from django.contrib.auth import get_user_model

from .roles import INVENTORY_STAFF, MARKETERS, SHOP_MANAGERS, ensure_roles

DEMO_STAFF_PASSWORD = "unknot-demo"  # noqa: S105 - documented demo credentials

DEMO_STAFF = [
    # username, group, first name, last name
    ("marketer", MARKETERS, "Mara", "Marketer"),
    ("stock", INVENTORY_STAFF, "Stan", "Stock"),
    ("manager", SHOP_MANAGERS, "Minna", "Manager"),
]


def load(stdout) -> None:
    """Complete the roles (guides may have added workflows since) and the users."""
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
