"""A forgotten password is reset from the e-mailed link; the new one logs in."""

import re

import pytest
from django.core import mail

from .helpers import log_in, shopper

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "magnesium-bath-99"  # noqa: S105 - test data


def test_a_shopper_resets_a_forgotten_password_from_the_emailed_link(client):
    shopper("mara@example.com")

    response = client.post("/account/password/reset/", {"email": "mara@example.com"})

    assert response.status_code == 302
    link = re.search(
        r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.outbox[-1].body
    )
    assert link, mail.outbox[-1].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    changed = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link.group(1),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    assert log_in(client, "mara@example.com", NEW_PASSWORD).status_code == 302


def test_a_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/account/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302  # the same "check your e-mail" page
