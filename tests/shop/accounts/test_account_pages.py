""" "Your account": orders, addresses, deleting the account, and caching."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from shop.accounts.models import Address, OrderOwnershipChange
from shop.accounts.services import checkout_initial
from shop.orders.models import Order
from tests.factories import OrderFactory, OrderLineFactory

from .helpers import PASSWORD, shopper

pytestmark = pytest.mark.django_db

ADDRESS = {
    "full_name": "Mara Wadenkrampf",
    "address_line1": "Lindenstraße 12",
    "address_line2": "",
    "postcode": "10969",
    "city": "Berlin",
    "country": "DE",
    "phone": "",
}


@pytest.fixture
def mara(client):
    user = shopper("mara@example.com")
    client.force_login(user)
    return user


def test_the_account_lists_its_orders_with_status_and_opens_each(client, mara):
    mine = OrderLineFactory(order=OrderFactory(user=mara, status="paid")).order
    theirs = OrderFactory(user=shopper("tom@example.com"))

    page = client.get("/account/").content.decode()

    assert mine.reference in page and "Paid" in page
    assert theirs.reference not in page
    detail = client.get(f"/account/orders/{mine.reference}/")
    assert detail.status_code == 200
    assert mine.lines.get().product_name in detail.content.decode()
    assert client.get(f"/account/orders/{theirs.reference}/").status_code == 404


def test_a_shipped_order_shows_its_tracking_link(client, mara):
    from shop.orders.fulfilment import mark_packed, mark_shipped

    order = OrderLineFactory(order=OrderFactory(user=mara, status="paid")).order
    staff = get_user_model().objects.create_superuser("boss", "b@x.example", "pw")
    mark_packed(order_id=order.pk, actor=staff)
    mark_shipped(
        order_id=order.pk,
        actor=staff,
        carrier="dhl",
        tracking_number="00340434161234567890",
    )

    page = client.get("/account/").content.decode()

    assert "00340434161234567890" in page
    assert "Track your parcel" in page


@pytest.mark.parametrize(
    "path",
    [
        "/account/",
        "/account/addresses/",
        "/account/addresses/new/",
        "/account/delete/",
        "/account/email/",
        "/account/password/change/",
    ],
)
def test_account_pages_are_private_and_never_stored(client, mara, path):
    response = client.get(path)

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.parametrize(
    "path", ["/account/login/", "/account/signup/", "/account/password/reset/"]
)
def test_log_in_and_sign_up_pages_are_private_and_never_stored(client, path):
    response = client.get(path)

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_account_pages_send_guests_to_log_in(client):
    response = client.get("/account/addresses/")

    assert response.status_code == 302
    assert response["Location"].startswith("/account/login/?next=")


def test_a_saved_address_is_filled_in_at_checkout(client, mara):
    response = client.post("/account/addresses/new/", ADDRESS)

    assert response.status_code == 302
    address = Address.objects.get(user=mara)
    assert address.is_default  # the first address is the one checkout uses
    initial = checkout_initial(mara)
    assert initial["email"] == "mara@example.com"
    assert initial["address_line1"] == "Lindenstraße 12"
    assert initial["country"] == "DE"


def test_a_bad_address_is_refused_and_nothing_is_saved(client, mara):
    response = client.post("/account/addresses/new/", {**ADDRESS, "postcode": "!!"})

    assert response.status_code == 400
    assert "Please enter a valid postcode." in response.content.decode()
    assert not Address.objects.exists()


@pytest.mark.parametrize("raw_id", ["abc", "0", "²", "99999999999999999999999"])
def test_an_address_id_that_is_not_one_answers_404(client, mara, raw_id):
    assert client.get(f"/account/addresses/{raw_id}/").status_code == 404
    assert client.post(f"/account/addresses/{raw_id}/delete/").status_code == 404


def test_someone_elses_address_can_be_neither_seen_nor_deleted(client, mara):
    other = Address.objects.create(user=shopper("tom@example.com"), **ADDRESS)

    assert client.get(f"/account/addresses/{other.pk}/").status_code == 404
    assert client.post(f"/account/addresses/{other.pk}/delete/").status_code == 404
    assert Address.objects.filter(pk=other.pk).exists()


def test_choosing_another_address_for_checkout_leaves_one_default(client, mara):
    client.post("/account/addresses/new/", ADDRESS)
    client.post("/account/addresses/new/", {**ADDRESS, "city": "Potsdam"})
    potsdam = Address.objects.get(city="Potsdam")
    assert not potsdam.is_default

    client.post(f"/account/addresses/{potsdam.pk}/default/")

    assert list(
        Address.objects.filter(user=mara, is_default=True).values_list(
            "city", flat=True
        )
    ) == ["Potsdam"]
    client.post(f"/account/addresses/{potsdam.pk}/delete/")
    assert Address.objects.get(user=mara).is_default  # Berlin takes over


def test_a_wrong_password_deletes_nothing(client, mara):
    order = OrderFactory(user=mara)

    response = client.post("/account/delete/", {"password": "not-it"})

    assert response.status_code == 400
    assert "That is not your password." in response.content.decode()
    order.refresh_from_db()
    assert order.user == mara
    assert get_user_model().objects.filter(pk=mara.pk).exists()


def test_deleting_the_account_keeps_its_orders_detached_from_the_person(client, mara):
    order = OrderFactory(user=mara, email="mara@example.com")
    Address.objects.create(user=mara, **ADDRESS)

    response = client.post("/account/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=mara.pk).exists()
    assert not Address.objects.exists()
    assert not EmailAddress.objects.filter(email="mara@example.com").exists()
    order.refresh_from_db()
    assert order.user is None
    assert order.email == "mara@example.com"  # the books keep the invoice details
    change = OrderOwnershipChange.objects.get(order=order)
    assert change.action == OrderOwnershipChange.Action.DETACHED
    assert change.account_id == mara.pk
    assert not client.get("/visitor.json").json()["authenticated"]
    assert Order.objects.count() == 1


def test_cached_pages_carry_no_per_user_html(client, mara, home_page):
    """The header's account link comes from /visitor.json; the page is the same
    HTML whoever asks, so it can be cached and served to everyone."""
    mine = client.get("/")
    anonymous = Client().get("/")

    assert mine.status_code == anonymous.status_code == 200
    for response in (mine, anonymous):
        html = response.content.decode()
        assert "mara@example.com" not in html
        assert "Your account" not in html
        assert "data-account-link" in html
    assert "public" in anonymous["Cache-Control"]
    assert client.get("/visitor.json").json()["account"]["label"] == "Your account"
    assert Client().get("/visitor.json").json()["account"]["label"] == "Log in"
