"""The catalogue's add-to-cart forms (cached pages, empty CSRF input) reach the cart."""

import re
from html import unescape

import pytest
from django.test import Client

from shop.cart.models import CartLine
from tests.shop.catalogue.conftest import make_product

pytestmark = pytest.mark.django_db


def buy_box_fields(html: str) -> dict[str, str]:
    """The inputs of the product page's add-to-cart form, as a browser would send."""
    form = re.search(
        r'<form class="buy-box"[^>]*action="([^"]+)"(.*?)</form>', html, re.S
    )
    assert form, "no add-to-cart form on the page"
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form.group(2)):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        checked = 'type="radio"' not in tag or " checked" in tag
        if name and checked:
            fields[name.group(1)] = unescape(value.group(1)) if value else ""
    return {"action": form.group(1), **fields}


def test_a_product_page_form_adds_to_the_cart_with_the_visitors_own_token():
    product = make_product(prices=("24.90", "29.90"), stock=(5, 5))
    client = Client(enforce_csrf_checks=True)
    fields = buy_box_fields(client.get(product.url).content.decode())
    action = fields.pop("action")
    assert action == "/cart/add/"
    assert fields["csrfmiddlewaretoken"] == ""  # cached HTML carries no token

    # What site.js does: fetch /visitor.json, copy the csrftoken cookie into the form.
    client.get("/visitor.json")
    fields["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    fields["quantity"] = "2"
    response = client.post(
        action, fields, HTTP_REFERER=f"http://testserver{product.url}"
    )

    assert response.status_code == 302
    line = CartLine.objects.get()
    assert (line.variant.product_id, line.quantity) == (product.pk, 2)
    assert line.source_page_id is None  # product pages are never credited


def test_a_product_page_form_without_javascript_gets_the_confirm_page():
    product = make_product()
    client = Client(enforce_csrf_checks=True)
    fields = buy_box_fields(client.get(product.url).content.decode())
    action = fields.pop("action")

    refused = client.post(action, fields)

    assert refused.status_code == 403
    assert "One more click to add it" in refused.content.decode()
    confirm = {
        "variant": fields["variant"],
        "quantity": "1",
        "csrfmiddlewaretoken": str(refused.context["csrf_token"]),
    }
    assert client.post(action, confirm).status_code == 302
    assert CartLine.objects.get().variant_id == int(fields["variant"])


def test_a_variant_of_another_product_is_refused():
    product = make_product()
    other = make_product()
    client = Client()
    response = client.post(
        "/cart/add/",
        {
            "product": product.pk,
            "variant": other.variants.get().pk,
            "quantity": 1,
        },
    )
    assert response.status_code == 302
    assert not CartLine.objects.exists()
