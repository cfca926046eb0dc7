"""Editors create, preview and publish product pages through the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from shop.catalogue.models import ProductPage

from .conftest import tiny_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    )
    return client


def product_form(image, **overrides):
    data = {
        "title": "Travel foam roller",
        "slug": "travel-foam-roller",
        "short_description": "Small enough for a sports bag.",
        "description": rich_text("<p>Rolls out calves after a run.</p>"),
        "key_features": streamfield([("feature", "Fits in a sports bag")]),
        "care_and_safety": rich_text(""),
        "gallery_images": inline_formset(
            [{"image": image.pk, "alt_text": "A short blue roller"}]
        ),
        "specifications": inline_formset([{"label": "Length", "value": "30 cm"}]),
        "pairings": inline_formset([]),
        "body_areas": [],
        "featured": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_previews_an_unsaved_product_then_publishes_it(admin_client, category):
    image = tiny_image()
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("catalogue", "productpage", category.pk),
    )
    response = admin_client.post(preview_url, product_form(image))
    assert response.json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    assert "Travel foam roller" in response.content.decode()
    assert "Not available at the moment" in response.content.decode()

    add_url = reverse(
        "wagtailadmin_pages:add", args=("catalogue", "productpage", category.pk)
    )
    response = admin_client.post(
        add_url, product_form(image, **{"action-publish": "publish"})
    )
    assert response.status_code == 302
    product = ProductPage.objects.get(slug="travel-foam-roller")
    assert product.live
    assert product.gallery_images.get().alt_text == "A short blue roller"


def test_editor_previews_an_unsaved_category(admin_client, shop):
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_add",
        args=("catalogue", "productcategorypage", shop.pk),
    )
    data = nested_form_data(
        {
            "title": "Neck pillows",
            "slug": "neck-pillows",
            "intro": "Support for a stiff neck.",
            "comments": inline_formset([]),
        }
    )
    assert admin_client.post(preview_url, data).json()["is_valid"] is True
    response = admin_client.get(preview_url)
    assert response.status_code == 200
    assert "No products match these filters" in response.content.decode()
