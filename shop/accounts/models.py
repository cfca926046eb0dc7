"""What a shopper's account keeps besides the user row: saved addresses, and the
record of every order that joined or left an account.

Orders themselves stay in `shop.orders`; `Order.user` says whose they are and only
`shop.accounts.ownership` changes it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from shop.cart.shipping import country_name


class Address(models.Model):
    """A delivery address a shopper saved, offered first at checkout."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses"
    )
    full_name = models.CharField(max_length=120)
    address_line1 = models.CharField("street and house number", max_length=200)
    address_line2 = models.CharField(
        "address line 2 (optional)", max_length=200, blank=True
    )
    postcode = models.CharField(max_length=12)
    city = models.CharField("town or city", max_length=100)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code.")
    phone = models.CharField("phone (optional)", max_length=40, blank=True)
    is_default = models.BooleanField(
        "use this address at checkout",
        default=False,
        help_text="Checkout fills in this address for you.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_default", "-created_at", "-pk"]
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_default=True),
                name="accounts_one_default_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}, {self.postcode} {self.city}"

    @property
    def country_name(self) -> str:
        return country_name(self.country)


class OrderOwnershipChange(models.Model):
    """The audit trail of `Order.user`: an order joined an account (its e-mail
    address was verified) or left it (the account was deleted)."""

    class Action(models.TextChoices):
        ATTACHED = "attached", "Joined the account"
        DETACHED = "detached", "Left the account (account deleted)"

    order = models.ForeignKey(
        "orders.Order", on_delete=models.CASCADE, related_name="ownership_changes"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    # A number, not a key: the account may be gone, the record of it stays.
    account_id = models.PositiveBigIntegerField()
    reason = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order}: {self.get_action_display()}"
