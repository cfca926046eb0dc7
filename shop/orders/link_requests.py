"""A shopper whose order link expired (or who lost the e-mail) asks for fresh links.

The answer never says whether the address has orders: the form accepts any valid
address with the same words, and the look-up happens later in a background task
(`tasks.send_order_links`) that e-mails fresh links only when there are orders for
it. Requests are rate-limited per address (so nobody can flood a mailbox) and per
client (so nobody can probe many addresses) with django-ratelimit, in the cache
every app server shares.
"""

from django import forms
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

# Orders listed in one e-mail, newest first.
MAX_ORDERS_PER_EMAIL = 10
PER_ADDRESS_RATE = "3/h"
PER_CLIENT_RATE = "20/h"


class OrderLinkRequestForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        help_text="The address you ordered with.",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def _address(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


def too_many_requests(request: HttpRequest) -> bool:
    """Count this request; True once the address or the client asked too often."""
    limited_by_client = is_ratelimited(
        request,
        group="orders.link-request.client",
        key="ip",
        rate=PER_CLIENT_RATE,
        increment=True,
    )
    limited_by_address = is_ratelimited(
        request,
        group="orders.link-request.address",
        key=_address,
        rate=PER_ADDRESS_RATE,
        increment=True,
    )
    return limited_by_client or limited_by_address


def request_order_links(email: str) -> None:
    """Queue the e-mail of fresh links; what it finds is never told to the asker."""
    from .tasks import enqueue_on_commit, send_order_links

    enqueue_on_commit(send_order_links, email)
