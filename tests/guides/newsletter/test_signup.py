"""Signing up: consent records, double opt-in, and every abuse rule (bad input,
many sign-ups from one address or one client, replayed or tampered links)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from guides.newsletter.consent import CURRENT
from guides.newsletter.models import NewsletterSubscriber
from home.double_opt_in import ConfirmationMail, OptInStatus

from .conftest import link_in, sign_up

pytestmark = pytest.mark.django_db


def hour_passes():
    ConfirmationMail.objects.update(last_sent_at=timezone.now() - timedelta(hours=1))


def test_sign_up_records_who_when_where_and_what_and_mails_a_confirmation(
    client, free_guide
):
    response = sign_up(client, email="  Ana@Example.com ", guide=str(free_guide.pk))
    assert response.status_code == 200
    assert b"Check your inbox" in response.content
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.email == "ana@example.com"
    assert subscriber.status == OptInStatus.PENDING
    assert subscriber.consent_text == CURRENT.text
    assert subscriber.consent_version == CURRENT.version
    assert subscriber.source == "/guides/night-leg-cramps/"
    assert subscriber.free_guide == free_guide
    assert subscriber.confirmation_sent_at is not None
    assert subscriber.confirmed_at is None
    assert [e["event"] for e in subscriber.history] == ["signed up"]
    (message,) = mail.outbox
    assert message.to == ["ana@example.com"]
    assert "/newsletter/confirm/" in message.body
    assert "/newsletter/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "not-an-address"}, b"Enter an e-mail address like"),
        ({"email": ""}, b"This field is required"),
        ({"email": "a@" + "x" * 300 + ".com"}, b"at most 254 characters"),
        ({"consent": ""}, b"Tick the box to say you agree"),
        ({"wording": "1999-1"}, b"This form is out of date"),
        ({"guide": "\u00b9"}, b"Enter a whole number"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, data, error):
    response = sign_up(client, **data)
    assert response.status_code == 400
    assert error in response.content
    assert not NewsletterSubscriber.objects.exists()
    assert not ConfirmationMail.objects.exists()
    assert mail.outbox == []


def test_a_source_that_is_not_a_site_path_is_not_stored(client):
    sign_up(client, source="https://evil.example/")
    assert NewsletterSubscriber.objects.get().source == ""


def test_a_thousand_sign_ups_from_one_address_send_one_mail_and_change_nothing(
    client,
):
    sign_up(client, email="ana@example.com", source="/first/")
    before = NewsletterSubscriber.objects.values().get()
    with override_settings(OPT_IN_SIGNUPS_PER_IP_PER_HOUR=10_000):
        for n in range(1000):
            email = "ANA@example.com" if n % 2 else "ana@example.com "
            response = sign_up(client, email=email, source=f"/page-{n}/")
    assert response.status_code == 200
    assert b"less than an hour ago" in response.content
    assert len(mail.outbox) == 1
    assert NewsletterSubscriber.objects.values().get() == before


def test_after_an_hour_a_pending_address_may_ask_for_a_new_link(client):
    sign_up(client)
    hour_passes()
    sign_up(client, source="/finder/")
    assert len(mail.outbox) == 2
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.source == "/finder/"
    assert [e["event"] for e in subscriber.history] == ["signed up", "signed up"]


@override_settings(OPT_IN_SIGNUPS_PER_IP_PER_HOUR=3)
def test_too_many_sign_ups_from_one_client_get_429_and_change_nothing(client):
    for n in range(3):
        assert sign_up(client, email=f"p{n}@example.com").status_code == 200
    response = sign_up(client, email="p3@example.com")
    assert response.status_code == 429
    assert b"Please try again in" in response.content
    assert not NewsletterSubscriber.objects.filter(email="p3@example.com").exists()
    assert len(mail.outbox) == 3


def test_an_already_confirmed_address_is_told_so_and_nothing_changes(client):
    sign_up(client)
    client.get(link_in(mail.outbox[0], "confirm"))
    before = NewsletterSubscriber.objects.values().get()
    sent = len(mail.outbox)
    response = sign_up(client, source="/elsewhere/")
    assert b"already signed up" in response.content
    assert NewsletterSubscriber.objects.values().get() == before
    assert len(mail.outbox) == sent


def test_confirming_counts_the_address_and_mails_the_free_guide(client, free_guide):
    sign_up(client, guide=str(free_guide.pk))
    response = client.get(link_in(mail.outbox[0], "confirm"))
    assert response.status_code == 200
    assert b"Download the free guide" in response.content
    subscriber = NewsletterSubscriber.objects.get()
    assert subscriber.status == OptInStatus.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert [e["event"] for e in subscriber.history] == ["signed up", "confirmed"]
    welcome = mail.outbox[1]
    assert "/newsletter/free-guide/" in welcome.body
    assert free_guide.title in welcome.body
    assert "/newsletter/unsubscribe/" in welcome.body


def test_a_replayed_confirmation_link_changes_nothing(client, free_guide):
    sign_up(client)
    link = link_in(mail.outbox[0], "confirm")
    client.get(link)
    before = NewsletterSubscriber.objects.values().get()
    response = client.get(link)
    assert response.status_code == 200
    assert b"already confirmed" in response.content
    assert NewsletterSubscriber.objects.values().get() == before
    assert len(mail.outbox) == 2  # no second welcome


def test_a_tampered_confirmation_link_is_refused_and_changes_nothing(client):
    sign_up(client)
    link = link_in(mail.outbox[0], "confirm")
    token = link.split("/")[-2]
    forged = link.replace(token, token[:-2] + ("xy" if token[-2:] != "xy" else "zz"))
    response = client.get(forged)
    assert response.status_code == 400
    assert b"This link does not work" in response.content
    assert NewsletterSubscriber.objects.get().status == OptInStatus.PENDING


def test_an_expired_confirmation_link_is_refused_and_changes_nothing(client):
    from tests.home.test_double_opt_in import later

    sign_up(client)
    link = link_in(mail.outbox[0], "confirm")
    with later(4):
        response = client.get(link)
    assert response.status_code == 410
    assert b"This link has expired" in response.content
    assert NewsletterSubscriber.objects.get().status == OptInStatus.PENDING


def test_an_older_confirmation_link_does_not_confirm_a_later_sign_up(client):
    sign_up(client)
    old = link_in(mail.outbox[0], "confirm")
    hour_passes()
    sign_up(client)
    assert client.get(old).status_code == 400
    assert NewsletterSubscriber.objects.get().status == OptInStatus.PENDING
    assert client.get(link_in(mail.outbox[1], "confirm")).status_code == 200
    assert NewsletterSubscriber.objects.get().status == OptInStatus.CONFIRMED


def test_a_link_confirming_an_address_that_unsubscribed_changes_nothing(client):
    sign_up(client)
    confirm = link_in(mail.outbox[0], "confirm")
    client.get(link_in(mail.outbox[0], "unsubscribe"))
    response = client.get(confirm)
    assert b"This sign-up was cancelled" in response.content
    assert NewsletterSubscriber.objects.get().status == OptInStatus.WITHDRAWN
