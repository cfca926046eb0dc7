"""A product page's inline rows: gallery pictures, specifications, pairings.

They name their page by label ("catalogue.ProductPage") so this module needs no
import of the page model, and the querysets can prefetch them without a cycle.
"""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

PRODUCT_PAGE = "catalogue.ProductPage"


class ProductGalleryImage(Orderable):
    """One picture in a product's gallery; the first is the listing picture."""

    page = ParentalKey(
        PRODUCT_PAGE, on_delete=models.CASCADE, related_name="gallery_images"
    )
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(
        max_length=200, help_text="Describe the picture for people who cannot see it."
    )

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class ProductSpecification(Orderable):
    """A label/value row such as "Diameter: 14 cm"."""

    page = ParentalKey(
        PRODUCT_PAGE, on_delete=models.CASCADE, related_name="specifications"
    )
    label = models.CharField(max_length=60)
    value = models.CharField(max_length=200)

    panels = [FieldPanel("label"), FieldPanel("value")]


class ProductPairing(Orderable):
    """An editor's "pairs well with" suggestion from one product to another."""

    page = ParentalKey(PRODUCT_PAGE, on_delete=models.CASCADE, related_name="pairings")
    product = models.ForeignKey(
        PRODUCT_PAGE, on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("product")]
