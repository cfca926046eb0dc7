"""Where alerts plug into the apps below them: the inventory's back-in-stock signal,
its Stock listing (how many wait per SKU) and the catalogue's buy box."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce


def waiting_per_sku():
    """Confirmed, unsent alerts of the stock row's variant (a subquery)."""
    from .models import StockAlert

    counts = (
        StockAlert.objects.waiting()
        .filter(variant_id=OuterRef("variant_id"))
        .order_by()
        .values("variant_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def send_alerts(sender, variant_id: int, **kwargs) -> None:
    from .tasks import notify_back_in_stock

    notify_back_in_stock.enqueue(variant_id)


def connect() -> None:
    from shop.catalogue.extensions import register_buy_box_panel
    from shop.inventory.extensions import StockFigure, register_stock_figure
    from shop.inventory.signals import back_in_stock

    back_in_stock.connect(send_alerts, dispatch_uid="alerts-back-in-stock")
    register_stock_figure(
        StockFigure("waiting", "Waiting for it", annotation=waiting_per_sku)
    )
    register_buy_box_panel("shop/alerts/buy_box_panel.html")
