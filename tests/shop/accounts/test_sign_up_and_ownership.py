"""Signing up by e-mail address, verifying it, and which orders join an account."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail

from shop.accounts.models import OrderOwnershipChange
from shop.accounts.ownership import attach_verified_guest_orders
from tests.factories import OrderFactory

from .helpers import log_in, shopper, sign_up, verification_link

pytestmark = pytest.mark.django_db


def test_sign_up_needs_only_an_email_address_and_sends_a_verification_link(client):
    response = sign_up(client, "mara@example.com")

    assert response.status_code == 302
    user = get_user_model().objects.get(email="mara@example.com")
    assert user.username  # generated; shoppers never choose or see one
    address = EmailAddress.objects.get(user=user)
    assert address.primary and not address.verified
    assert "/account/confirm-email/" in mail.outbox[-1].body
    assert mail.outbox[-1].subject.startswith("Unknot: ")


def test_a_guest_order_joins_the_account_only_once_the_address_is_verified(client):
    order = OrderFactory(email="Mara@Example.com")
    someone_elses = OrderFactory(email="tom@example.com")

    sign_up(client, "mara@example.com")
    user = get_user_model().objects.get(email="mara@example.com")
    order.refresh_from_db()
    assert order.user is None, "typing the address at sign-up must not be enough"
    # Logging in again before verifying changes nothing either.
    client.logout()
    log_in(client, "mara@example.com")
    order.refresh_from_db()
    assert order.user is None

    link = verification_link("mara@example.com")
    assert client.get(link).status_code == 200  # a page with a button, no change yet
    order.refresh_from_db()
    assert order.user is None
    response = client.post(link)

    assert response.status_code == 302
    order.refresh_from_db()
    someone_elses.refresh_from_db()
    assert order.user == user
    assert someone_elses.user is None
    change = OrderOwnershipChange.objects.get(order=order)
    assert change.action == OrderOwnershipChange.Action.ATTACHED
    assert change.account_id == user.pk
    overview = client.get("/account/")
    assert order.reference in overview.content.decode()


def test_an_unverified_account_never_gets_orders_from_its_address():
    user = shopper("mara@example.com", verified=False)
    order = OrderFactory(email="mara@example.com")

    assert attach_verified_guest_orders(user) == 0

    order.refresh_from_db()
    assert order.user is None
    assert not OrderOwnershipChange.objects.exists()


def test_an_order_that_belongs_to_another_account_is_never_moved():
    owner = shopper("first@example.com")
    order = OrderFactory(email="mara@example.com", user=owner)
    user = shopper("mara@example.com")

    assert attach_verified_guest_orders(user) == 0

    order.refresh_from_db()
    assert order.user == owner


def test_guest_orders_placed_after_verification_join_at_the_next_log_in(client):
    user = shopper("mara@example.com")
    later = OrderFactory(email="mara@example.com")

    log_in(client, "mara@example.com")

    later.refresh_from_db()
    assert later.user == user


def test_a_changed_email_address_counts_only_once_it_is_verified(client):
    user = shopper("mara@example.com")
    order = OrderFactory(email="mara.new@example.com")
    client.force_login(user)

    response = client.post(
        "/account/email/", {"action_add": "", "email": "mara.new@example.com"}
    )

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.user is None
    user.refresh_from_db()
    assert user.email == "mara@example.com"  # the old address stays until verified
    client.post(verification_link("mara.new@example.com"))
    user.refresh_from_db()
    order.refresh_from_db()
    assert user.email == "mara.new@example.com"
    assert order.user == user
