"""Setting up shoppers for the account tests: accounts, verified or not, and the
verification link out of the outbox."""

import re

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

PASSWORD = "calf-stretch-42"  # noqa: S105 - test data


def shopper(email: str = "mara@example.com", *, verified: bool = True):
    """A shopper's account as sign-up leaves it (verified or not)."""
    user = get_user_model().objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=verified)
    return user


def sign_up(client, email: str, password: str = PASSWORD):
    return client.post(
        "/account/signup/",
        {"email": email, "password1": password, "password2": password},
    )


def log_in(client, email: str, password: str = PASSWORD):
    return client.post("/account/login/", {"login": email, "password": password})


def verification_link(email: str) -> str:
    """The path of the last verification link sent to `email`."""
    for message in reversed(mail.outbox):
        if email in message.to:
            match = re.search(
                r"https?://[^/\s]+(/account/confirm-email/\S+/)", message.body
            )
            if match:
                return match.group(1)
    raise AssertionError(f"no verification e-mail to {email} in the outbox")
