"""The alerts' demo: one shopper waiting (confirmed) for the sold-out vibrating
foam roller, so the Stock listing shows someone waiting. Idempotent: found by SKU
and address."""

from shop.catalogue.models import ProductVariant

from .models import StockAlert
from .services import CONSENT_VERSION, consent_text

WAITING = [("ROL-VIB-01", "waiting.shopper@example.com")]


def load(stdout) -> None:
    for sku, email in WAITING:
        variant = (
            ProductVariant.objects.select_related("product").filter(sku=sku).first()
        )
        if variant is None or StockAlert.objects.filter(variant=variant).exists():
            continue
        alert = StockAlert(
            variant=variant,
            email=email,
            consent_text=consent_text(variant),
            consent_version=CONSENT_VERSION,
            source=variant.product.url or "",
        )
        alert.record("asked", source="demo", version=CONSENT_VERSION)
        alert.confirm()
        alert.save()
        stdout.write(f"Back-in-stock alert: {email} waits for {sku}")
