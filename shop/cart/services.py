"""Cart services. The cart itself arrives with the checkout issue."""

from django.http import HttpRequest


def count_items(request: HttpRequest) -> int:
    """Number of items in the visitor's cart (no cart model exists yet, so none)."""
    return 0
