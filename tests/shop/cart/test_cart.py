"""The cart: plain forms, validated input, fresh prices, honest notices."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from shop.cart.exceptions import CartError
from shop.cart.models import Cart, CartLine
from shop.cart.services import SESSION_KEY, add_to_cart
from shop.inventory.services import reserve
from tests.factories import ProductPageFactory, cart_line_in_session, stocked_variant

pytestmark = pytest.mark.django_db


def cart_lines(client) -> list[tuple[str, int]]:
    cart_id = client.session.get(SESSION_KEY)
    return list(
        CartLine.objects.filter(cart_id=cart_id)
        .order_by("pk")
        .values_list("variant__sku", "quantity")
    )


def add(client, variant, quantity="1", **extra):
    return client.post(
        "/cart/add/", {"variant": variant.pk, "quantity": quantity, **extra}
    )


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_adding_a_product_creates_a_cart_tied_to_the_session(client):
    variant = stocked_variant(on_hand=5, price=Decimal("19.50"))

    response = add(client, variant, "2")

    assert response.status_code == 302
    assert response["Location"] == "/cart/"
    assert cart_lines(client) == [(variant.sku, 2)]
    line = CartLine.objects.get()
    assert line.price_when_added == Decimal("19.50")
    assert line.name_when_added == variant.display_name
    page = client.get("/cart/")
    assert f"Added 2 × {variant.display_name} to your cart." in messages_of(page)
    # The session cookie keeps the cart across browser restarts for 30 days.
    assert response.cookies["sessionid"]["max-age"] == 60 * 60 * 24 * 30


def test_adding_the_same_variant_again_adds_up(client):
    variant = stocked_variant()
    add(client, variant, "2")
    add(client, variant, "3")
    assert cart_lines(client) == [(variant.sku, 5)]


@pytest.mark.parametrize(
    "quantity,message",
    [
        ("0", "Choose at least 1."),
        ("-1", "Choose at least 1."),
        ("1.5", "Enter a whole number."),
        ("abc", "Enter a whole number."),
        ("1e3", "Enter a whole number."),
        ("", "Enter a quantity."),
        (" ", "Enter a whole number."),
        ("11", "You can buy up to 10 of one item per order."),
    ],
)
def test_bad_quantities_are_refused_and_the_cart_is_unchanged(
    client, quantity, message
):
    variant = stocked_variant()
    add(client, variant, "1")

    response = add(client, variant, quantity)

    assert response.status_code == 302
    assert cart_lines(client) == [(variant.sku, 1)]
    assert messages_of(client.get("/cart/"))[-1] == message


def test_the_cart_service_validates_on_its_own():
    """Whatever the view does, the service refuses bad input by itself."""
    variant = stocked_variant()
    cart = Cart.objects.create()
    for quantity in [0, -1, "1.5", "x", "", 11, None, True]:
        with pytest.raises(CartError):
            add_to_cart(cart=cart, variant_id=variant.pk, quantity=quantity)
    inactive = stocked_variant(is_active=False)
    for variant_id in [inactive.pk, "abc", 10**12, None]:
        with pytest.raises(CartError):
            add_to_cart(cart=cart, variant_id=variant_id, quantity=1)
    assert not CartLine.objects.exists()


def test_going_over_the_per_line_limit_by_adding_again_is_refused(client):
    variant = stocked_variant()
    add(client, variant, "8")
    add(client, variant, "3")
    assert cart_lines(client) == [(variant.sku, 8)]
    assert messages_of(client.get("/cart/"))[-1] == (
        "You can buy up to 10 of one item per order (you already have 8 in your cart)."
    )


def test_unknown_inactive_and_unpublished_variants_are_refused(client):
    inactive = stocked_variant(is_active=False)
    unpublished = stocked_variant()
    unpublished.product.unpublish()

    for variant_id in ["999999", "x", inactive.pk, unpublished.pk]:
        response = client.post("/cart/add/", {"variant": variant_id, "quantity": 1})
        assert response.status_code == 302
    assert cart_lines(client) == []
    texts = messages_of(client.get("/cart/"))
    assert texts == [
        "That option is not available.",
        "Choose an option.",
        "That option is not available.",
        "That option is not available.",
    ]


def test_the_number_of_lines_is_limited(client, settings):
    settings.SHOP_MAX_LINES_PER_CART = 2
    first, second, third = stocked_variant(), stocked_variant(), stocked_variant()
    add(client, first)
    add(client, second)
    add(client, third)
    assert [sku for sku, _ in cart_lines(client)] == [first.sku, second.sku]
    assert "Your cart is full" in messages_of(client.get("/cart/"))[-1]


def test_change_quantity_remove_and_empty(client):
    first, second = stocked_variant(), stocked_variant()
    add(client, first)
    add(client, second)
    line = CartLine.objects.get(variant=first)

    client.post(f"/cart/lines/{line.pk}/", {"quantity": "4"})
    assert cart_lines(client) == [(first.sku, 4), (second.sku, 1)]

    client.post(f"/cart/lines/{line.pk}/", {"quantity": "0"})
    assert cart_lines(client) == [(first.sku, 4), (second.sku, 1)]

    client.post(f"/cart/lines/{line.pk}/remove/")
    assert cart_lines(client) == [(second.sku, 1)]

    client.post("/cart/empty/")
    assert cart_lines(client) == []


def test_another_visitors_line_cannot_be_touched(client):
    variant = stocked_variant()
    add(client, variant)
    line = CartLine.objects.get()

    stranger = Client()
    add(stranger, stocked_variant())
    stranger.post(f"/cart/lines/{line.pk}/", {"quantity": "9"})
    stranger.post(f"/cart/lines/{line.pk}/remove/")

    line.refresh_from_db()
    assert line.quantity == 1


def test_unpublished_and_deleted_products_drop_out_with_a_notice(client):
    staying = stocked_variant()
    unpublished = stocked_variant()
    deleted = stocked_variant()
    for variant in (staying, unpublished, deleted):
        add(client, variant)
    unpublished.product.unpublish()
    deleted_name = deleted.display_name
    deleted.delete()

    page = client.get("/cart/")

    assert cart_lines(client) == [(staying.sku, 1)]
    assert messages_of(page) == [
        f"Added 1 × {staying.display_name} to your cart.",
        f"Added 1 × {unpublished.display_name} to your cart.",
        f"Added 1 × {deleted_name} to your cart.",
        f"{unpublished.display_name} is no longer available and has been taken out "
        "of your cart.",
        f"{deleted_name} is no longer available and has been taken out of your cart.",
    ]


def test_prices_are_read_fresh_and_changes_are_announced(client):
    variant = stocked_variant(price=Decimal("20.00"))
    add(client, variant, "2")
    variant.price = Decimal("22.50")
    variant.save()

    page = client.get("/cart/")

    html = page.content.decode()
    assert "€45.00" in html
    assert "was €20.00, now €22.50" in html


def test_adding_more_than_is_available_is_refused(client):
    variant = stocked_variant(on_hand=3)
    add(client, variant, "2")
    add(client, variant, "2")
    assert cart_lines(client) == [(variant.sku, 2)]
    assert messages_of(client.get("/cart/"))[-1] == (
        f"Only 3 of {variant.display_name} left and you already have 2 in your cart."
    )


def test_stock_that_ran_short_after_adding_is_announced(client):
    variant = stocked_variant(on_hand=5)
    add(client, variant, "4")
    reserve(lines={variant.pk: 3}, reference="SOMEONE-ELSE")

    html = client.get("/cart/").content.decode()

    assert "Only 2 left" in html
    assert "adjust them before checking out" in html


def test_free_shipping_hint_comes_from_site_settings(client, default_site):
    from home.models import SiteSettings

    site_settings = SiteSettings.for_site(default_site)
    site_settings.free_shipping_threshold = Decimal("60.00")
    site_settings.flat_shipping_price = Decimal("3.50")
    site_settings.save()
    variant = stocked_variant(price=Decimal("25.00"))
    add(client, variant, "2")

    html = client.get("/cart/").content.decode()
    assert "€10.00 more for free delivery." in html
    assert "€3.50" in html

    add(client, variant, "1")
    html = client.get("/cart/").content.decode()
    assert "Your order ships free." in html


def test_an_empty_cart_says_so(client):
    html = client.get("/cart/").content.decode()
    assert "Your cart is empty" in html


def test_the_visitor_endpoint_counts_items(client):
    assert client.get("/visitor.json").json()["cart_count"] == 0
    add(client, stocked_variant(), "3")
    add(client, stocked_variant(), "2")
    assert client.get("/visitor.json").json()["cart_count"] == 5


def test_javascript_can_add_and_get_the_new_count(client):
    response = client.post(
        "/cart/add/",
        {"variant": stocked_variant().pk, "quantity": "2"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json()["ok"] is True
    assert response.json()["cart_count"] == 2


def test_the_source_page_is_recorded_from_the_form_or_the_referer(client, home_page):
    product = ProductPageFactory()
    first, second, third = (stocked_variant(product=product) for _ in range(3))

    add(client, first, source_page=home_page.pk)
    client.post(
        "/cart/add/",
        {"variant": second.pk, "quantity": 1},
        HTTP_REFERER=f"http://testserver{product.url}",
    )
    client.post(
        "/cart/add/",
        {"variant": third.pk, "quantity": 1, "source_page": "not-a-page"},
        HTTP_REFERER="https://elsewhere.example/guides/",
    )

    sources = dict(CartLine.objects.values_list("variant_id", "source_page_id"))
    # A product page is never credited, not even as the referrer.
    assert sources == {first.pk: home_page.pk, second.pk: None, third.pk: None}


def test_next_must_stay_on_this_site(client):
    variant = stocked_variant()
    response = add(client, variant, next="https://evil.example/")
    assert response["Location"] == "/cart/"
    response = add(client, variant, next="/shop/")
    assert response["Location"] == "/shop/"


# --- CSRF -------------------------------------------------------------------------


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def test_cart_changes_without_a_csrf_token_are_refused(csrf_client):
    variant = stocked_variant()
    line = cart_line_in_session(csrf_client, variant)

    responses = [
        csrf_client.post(f"/cart/lines/{line.pk}/", {"quantity": 5}),
        csrf_client.post(f"/cart/lines/{line.pk}/remove/"),
        csrf_client.post("/cart/empty/"),
        csrf_client.post("/cart/add/", {"variant": variant.pk, "quantity": 1}),
    ]

    assert [r.status_code for r in responses] == [403] * 4
    line.refresh_from_db()
    assert line.quantity == 1
    assert CartLine.objects.count() == 1


def test_a_stale_add_to_cart_token_gets_a_confirm_page_with_a_fresh_form(csrf_client):
    variant = stocked_variant(price=Decimal("31.00"))

    refused = csrf_client.post(
        "/cart/add/",
        {
            "variant": variant.pk,
            "quantity": "2",
            "csrfmiddlewaretoken": "rendered-for-someone-else" * 2,
            "next": "/shop/",
        },
    )

    assert refused.status_code == 403
    html = refused.content.decode()
    assert "One more click to add it" in html
    assert variant.product.title in html and "€31.00" in html
    assert f'name="variant" value="{variant.pk}"' in html
    assert 'name="quantity" value="2"' in html
    assert CartLine.objects.count() == 0
    token = refused.context["csrf_token"]
    assert "csrftoken" in refused.cookies

    confirmed = csrf_client.post(
        "/cart/add/",
        {"variant": variant.pk, "quantity": "2", "csrfmiddlewaretoken": str(token)},
    )

    assert confirmed.status_code == 302
    assert list(CartLine.objects.values_list("variant_id", "quantity")) == [
        (variant.pk, 2)
    ]


def test_other_csrf_failures_get_a_friendly_page(csrf_client):
    response = csrf_client.post("/cart/empty/")
    assert response.status_code == 403
    assert "Please try that again" in response.content.decode()


def test_csrf_protection_stays_on():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    assert settings.CSRF_FAILURE_VIEW == "shop.cart.views.csrf_failure"
