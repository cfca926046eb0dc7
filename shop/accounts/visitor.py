"""The header's account link, filled in from /visitor.json on cached pages."""

from django.http import HttpRequest
from django.urls import reverse


def account_link(request: HttpRequest) -> dict[str, str]:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return {"label": "Your account", "url": reverse("accounts:overview")}
    return {"label": "Log in", "url": reverse("account_login")}


def user_display(user) -> str:
    """How allauth names a shopper on pages and in e-mails: by e-mail address (the
    username is generated and never shown)."""
    return user.email or user.get_username()
