"""Products as guides show them, loaded once per page in a fixed number of queries.

Guides and relief methods show products in many places (blocks, "suitable
products", "Shop this guide"). Every card renders through the shop's own
`shop/catalogue/includes/product_card.html`, which is free of extra queries for
products loaded by the catalogue's `card_products()`. `CardProducts` loads every
product a page needs that way, in one go, and hands the same instances to every
place that shows them.
"""

from dataclasses import dataclass

from shop.catalogue.cards import card_products
from shop.catalogue.models import ProductPage, low_stock_threshold_for


@dataclass(frozen=True)
class ProductWithNote:
    """A card-ready product and the editors' reason for showing it here."""

    product: ProductPage
    note: str = ""


class CardProducts:
    """Card-ready products of one page render, by primary key.

    Products that are unpublished or have nothing to sell are left out, so a
    withdrawn product silently disappears from every guide that chose it.
    """

    def __init__(self) -> None:
        self._by_pk: dict[int, ProductPage | None] = {}

    def load(self, pks) -> None:
        missing = {pk for pk in pks if pk is not None and pk not in self._by_pk}
        if not missing:
            return
        # No renditions: a card is kept rendered under its picture's key
        # (`picture_key`), and one rendered afresh looks its own up.
        self._by_pk.update(card_products(missing))
        for pk in missing:
            self._by_pk.setdefault(pk, None)

    def get(self, pks) -> list[ProductPage]:
        """The card-ready products for these keys, in order, duplicates kept."""
        pks = list(pks)
        self.load(pks)
        return [self._by_pk[pk] for pk in pks if self._by_pk.get(pk) is not None]

    def fragment_keys(self, pks, low_stock_threshold: int) -> tuple:
        """What the cards of these products show (`ProductCardInfo.fragment_key`,
        None for one not shown), for the key of a fragment that holds them."""
        pks = list(pks)
        self.load(pks)
        return tuple(
            None
            if (product := self._by_pk.get(pk)) is None
            else product.card_info(low_stock_threshold).fragment_key
            for pk in pks
        )

    def with_notes(self, links) -> list[ProductWithNote]:
        """Cards for ReliefMethodProduct-like rows (`product_id`, `note`)."""
        links = list(links)
        self.load(link.product_id for link in links)
        return [
            ProductWithNote(self._by_pk[link.product_id], link.note)
            for link in links
            if self._by_pk.get(link.product_id) is not None
        ]


def for_context(context) -> CardProducts:
    """The page's CardProducts, or a new one where a page did not provide it (for
    example an admin block preview)."""
    cards = context.get("card_products")
    if cards is None:
        cards = CardProducts()
        context["card_products"] = cards
    return cards


def in_stock_first(items: list[ProductWithNote], request) -> list[ProductWithNote]:
    """A stable sort: buyable products first, each group in the editors' order."""
    threshold = low_stock_threshold_for(request)
    return sorted(
        items,
        key=lambda item: not item.product.card_info(threshold).state.purchasable,
    )
