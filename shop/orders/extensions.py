"""Extension point of orders: links that apps above add to a shopper's order.

Orders sit below the apps that act on a finished purchase (product reviews), so they
may never import them. Yet the order confirmation e-mail and the shopper's order
page offer those apps' next steps ("Review the wheat bag"). The orders app owns this
small registry and renders whatever is registered; an app registers a provider from
its `AppConfig.ready()`.

A provider takes an order and returns an `OrderLinkGroup` (a heading, a sentence
and links) or None when it has nothing to offer for that order. Registration is
keyed by name, so registering twice replaces rather than duplicates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only; importing models here would be a cycle
    from .models import Order


@dataclass(frozen=True)
class OrderLink:
    """One link, or (without a URL) a line saying the step is done."""

    text: str = ""
    url: str = ""
    done_text: str = ""


@dataclass(frozen=True)
class OrderLinkGroup:
    heading: str
    intro: str
    links: list[OrderLink] = field(default_factory=list)


OrderLinksProvider = Callable[["Order"], "OrderLinkGroup | None"]

_providers: dict[str, OrderLinksProvider] = {}


def register_order_links(name: str, provider: OrderLinksProvider) -> None:
    """Add (or replace) a provider of links shown with every order."""
    _providers[name] = provider


def order_link_groups(order: Order) -> list[OrderLinkGroup]:
    """What every provider offers for this order, in registration order."""
    groups = [provider(order) for provider in _providers.values()]
    return [group for group in groups if group is not None and group.links]
