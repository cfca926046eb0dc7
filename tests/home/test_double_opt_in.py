"""The shared double opt-in toolkit: signed expiring links with their own salts,
one confirmation e-mail per address and list per hour, sign-ups per IP, list mail
headers."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.test import RequestFactory, override_settings
from django.utils import timezone

from home.double_opt_in import (
    ConfirmationMail,
    LinkExpired,
    LinkInvalid,
    SignedLink,
    claim_confirmation_mail,
    clean_source,
    forget_address,
    minutes_until_next_mail,
    send_list_mail,
    signup_wait_minutes,
)

CONFIRM = SignedLink("test.confirm", max_age=timedelta(days=3))
OTHER = SignedLink("test.other", max_age=None)


def later(days: float):
    """Move signing's clock forward."""
    return mock.patch(
        "django.core.signing.time.time", return_value=time.time() + days * 86400
    )


def test_a_link_reads_back_what_it_was_made_with():
    assert CONFIRM.read(CONFIRM.make({"id": 7, "email": "a@example.com"})) == {
        "id": 7,
        "email": "a@example.com",
    }


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: token.replace(":", "x", 1),
        lambda token: "",
        lambda token: "not-a-token",
    ],
)
def test_a_tampered_link_is_invalid(tamper):
    token = CONFIRM.make({"id": 7})
    with pytest.raises(LinkInvalid):
        CONFIRM.read(tamper(token))


def test_a_link_made_for_one_purpose_does_not_work_for_another():
    with pytest.raises(LinkInvalid):
        OTHER.read(CONFIRM.make({"id": 7}))


def test_a_link_expires_after_its_max_age_and_says_so():
    token = CONFIRM.make({"id": 7})
    with later(2.9):
        assert CONFIRM.read(token) == {"id": 7}
    with later(3.1), pytest.raises(LinkExpired):
        CONFIRM.read(token)


def test_a_link_without_max_age_never_expires():
    token = OTHER.make({"id": 7})
    with later(3650):
        assert OTHER.read(token) == {"id": 7}


@pytest.mark.django_db
def test_one_confirmation_mail_per_address_and_hour():
    assert claim_confirmation_mail(purpose="list", email="Ana@Example.com ")
    assert not claim_confirmation_mail(purpose="list", email="ana@example.com")
    assert 59 <= minutes_until_next_mail(purpose="list", email="ANA@example.com") <= 60
    # Another list keeps its own hour.
    assert claim_confirmation_mail(purpose="other", email="ana@example.com")
    ConfirmationMail.objects.filter(purpose="list").update(
        last_sent_at=timezone.now() - timedelta(minutes=61)
    )
    assert minutes_until_next_mail(purpose="list", email="ana@example.com") == 0
    assert claim_confirmation_mail(purpose="list", email="ana@example.com")
    assert not claim_confirmation_mail(purpose="list", email="ana@example.com")


@pytest.mark.django_db
def test_forgetting_an_address_removes_its_throttle_row_for_that_list_only():
    claim_confirmation_mail(purpose="list", email="ana@example.com")
    claim_confirmation_mail(purpose="other", email="ana@example.com")
    forget_address(purpose="list", email="ANA@example.com")
    assert list(ConfirmationMail.objects.values_list("purpose", flat=True)) == ["other"]


@override_settings(OPT_IN_SIGNUPS_PER_IP_PER_HOUR=3)
def test_signups_per_ip_are_limited_per_hour():
    factory = RequestFactory()
    request = factory.post("/", REMOTE_ADDR="203.0.113.9")
    assert [signup_wait_minutes(request, "list") for _ in range(3)] == [0, 0, 0]
    wait = signup_wait_minutes(request, "list")
    assert 1 <= wait <= 60
    # Other clients and other lists are not affected.
    assert (
        signup_wait_minutes(factory.post("/", REMOTE_ADDR="203.0.113.10"), "list") == 0
    )
    assert signup_wait_minutes(request, "other") == 0


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("/guides/night-leg-cramps/", "/guides/night-leg-cramps/"),
        ("https://evil.example/", ""),
        ("//evil.example/", ""),
        ("/a\nb", ""),
        ("", ""),
        ("/" + "x" * 500, "/" + "x" * 199),
    ],
)
def test_only_site_paths_are_kept_as_the_source(raw, kept):
    assert clean_source(raw) == kept


@pytest.mark.django_db
def test_list_mail_has_one_click_unsubscribe_headers_and_links(settings):
    send_list_mail(
        to="ana@example.com",
        subject="Hello",
        template="newsletter/email/welcome",
        context={"guide_url": "http://testserver/guide.pdf", "guide": None},
        unsubscribe_path="/newsletter/unsubscribe/abc/",
    )
    (message,) = mail.outbox
    url = "http://testserver/newsletter/unsubscribe/abc/"
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert url in message.body
    assert url in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "198.51.100.7", "10.0.0.2"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "1.2.3.4, 198.51.100.7, 10.0.0.9", "198.51.100.7"),
        (1, "", "10.0.0.2"),
    ],
)
def test_the_client_address_is_read_behind_trusted_proxies_only(
    settings, hops, forwarded, expected
):
    from home.double_opt_in import client_ip

    settings.OPT_IN_PROXY_HOPS = hops
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded
    )
    assert client_ip(request) == expected
