"""The free guide's PDF link, unsubscribing (link, one-click POST, page),
re-subscribing, and what marketers see, export and delete."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone
from django.utils.html import escape

from guides.newsletter.models import NewsletterSubscriber
from home.double_opt_in import ConfirmationMail, OptInStatus

from .conftest import link_in, sign_up

pytestmark = pytest.mark.django_db


def confirmed(client, email="ana@example.com"):
    sign_up(client, email=email)
    message = [m for m in mail.outbox if m.to == [email]][-1]
    client.get(link_in(message, "confirm"))
    return NewsletterSubscriber.objects.get(email=email)


def test_a_confirmed_subscriber_downloads_the_guide_as_a_pdf(client, free_guide):
    confirmed(client)
    response = client.get(link_in(mail.outbox[-1], "free-guide"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="free-guide.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert b"A 5-minute routine against night cramps" in response.content
    assert response["Cache-Control"].startswith("max-age=0, no-cache, no-store")


def test_the_pdf_is_drawn_from_the_page_marketers_edit(client, free_guide):
    from guides.newsletter.pdf import free_guide_pdf

    free_guide.title = "Evening stretches \u2013 \u201cfive\u201d minutes"
    free_guide.save_revision().publish()
    pdf = free_guide_pdf(free_guide, disclaimer="Not medical advice.")
    assert b'Evening stretches - "five" minutes' in pdf


def test_the_pdf_link_works_only_for_confirmed_subscribers(client, free_guide):
    subscriber = confirmed(client)
    link = link_in(mail.outbox[-1], "free-guide")
    client.get(link_in(mail.outbox[-1], "unsubscribe"))
    subscriber.refresh_from_db()
    assert subscriber.status == OptInStatus.WITHDRAWN
    response = client.get(link)
    assert response.status_code == 400
    assert not response.content.startswith(b"%PDF")


def test_the_pdf_link_expires(client, free_guide):
    from tests.home.test_double_opt_in import later

    confirmed(client)
    link = link_in(mail.outbox[-1], "free-guide")
    with later(31):
        response = client.get(link)
    assert response.status_code == 410


def test_a_confirmation_link_cannot_be_used_as_a_download_link(client, free_guide):
    sign_up(client)
    token = link_in(mail.outbox[0], "confirm").split("/")[-2]
    assert client.get(f"/newsletter/free-guide/{token}/").status_code == 400


def test_one_click_unsubscribe_from_the_mail_records_the_withdrawal(client):
    subscriber = confirmed(client)
    response = client.get(link_in(mail.outbox[-1], "unsubscribe"))
    assert response.status_code == 200
    assert b"You are unsubscribed" in response.content
    subscriber.refresh_from_db()
    assert subscriber.status == OptInStatus.WITHDRAWN
    assert subscriber.withdrawn_at is not None
    assert subscriber.confirmed_at is not None  # the consent stays on record
    assert subscriber.history[-1]["event"] == "withdrew"


def test_mail_clients_unsubscribe_with_a_one_click_post_without_csrf(client):
    from django.test import Client

    subscriber = confirmed(client)
    url = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        url.removeprefix("http://testserver"),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == OptInStatus.WITHDRAWN


def test_the_unsubscribe_page_says_the_same_for_any_address(client):
    subscriber = confirmed(client)
    known = client.post("/newsletter/unsubscribe/", {"email": "ANA@example.com"})
    unknown = client.post("/newsletter/unsubscribe/", {"email": "bo@example.com"})
    assert known.status_code == unknown.status_code == 200
    assert b"If that address was on our list" in known.content
    assert b"If that address was on our list" in unknown.content
    subscriber.refresh_from_db()
    assert subscriber.status == OptInStatus.WITHDRAWN
    bad = client.post("/newsletter/unsubscribe/", {"email": "nope"})
    assert bad.status_code == 400


def test_re_subscribing_asks_for_a_new_confirmation_and_keeps_the_history(client):
    subscriber = confirmed(client)
    client.get(link_in(mail.outbox[-1], "unsubscribe"))
    ConfirmationMail.objects.update(last_sent_at=timezone.now() - timedelta(hours=2))
    sign_up(client, source="/free-guide/")
    subscriber.refresh_from_db()
    assert subscriber.status == OptInStatus.PENDING
    assert subscriber.withdrawn_at is None
    client.get(link_in(mail.outbox[-1], "confirm"))
    subscriber.refresh_from_db()
    assert subscriber.status == OptInStatus.CONFIRMED
    assert [e["event"] for e in subscriber.history] == [
        "signed up",
        "confirmed",
        "withdrew",
        "signed up",
        "confirmed",
    ]


@pytest.fixture
def marketer(django_user_model):
    user = django_user_model.objects.create_user("mia", password="pw")
    group, _ = Group.objects.get_or_create(name="Marketers")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="newsletter",
            codename__in=["view_newslettersubscriber", "delete_newslettersubscriber"],
        ),
    )
    user.groups.add(group)
    return user


def test_marketers_see_every_status_and_export_only_confirmed_addresses(
    client, marketer
):
    confirmed(client, "yes@example.com")
    sign_up(client, email="pending@example.com")
    gone = confirmed(client, "gone@example.com")
    client.get(link_in(mail.outbox[-1], "unsubscribe"))
    gone.refresh_from_db()
    client.force_login(marketer)
    listing = client.get("/admin/newsletter_subscribers/")
    assert listing.status_code == 200
    for email in ("yes@example.com", "pending@example.com", "gone@example.com"):
        assert email.encode() in listing.content
    pending_only = client.get("/admin/newsletter_subscribers/?status=pending")
    assert b"pending@example.com" in pending_only.content
    assert b"yes@example.com" not in pending_only.content

    export = client.get("/admin/newsletter_subscribers/?export=csv")
    body = b"".join(export.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Email", "Confirmed", "Signed up on", "Consent wording"]
    assert [row[0] for row in rows[1:]] == ["yes@example.com"]
    xlsx = client.get("/admin/newsletter_subscribers/?export=xlsx&status=pending")
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument"
    )


def test_deleting_a_subscriber_on_request_erases_the_record_and_throttle(
    client, marketer
):
    subscriber = confirmed(client)
    client.force_login(marketer)
    url = f"/admin/newsletter_subscribers/delete/{subscriber.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert not NewsletterSubscriber.objects.exists()
    assert not ConfirmationMail.objects.filter(email="ana@example.com").exists()


def test_marketers_cannot_add_or_edit_consent_records(client, marketer):
    subscriber = confirmed(client)
    client.force_login(marketer)
    assert client.get("/admin/newsletter_subscribers/new/").status_code == 404
    edit = f"/admin/newsletter_subscribers/edit/{subscriber.pk}/"
    assert client.get(edit).status_code == 404
    inspect = client.get(f"/admin/newsletter_subscribers/inspect/{subscriber.pk}/")
    assert inspect.status_code == 200
    assert escape(subscriber.consent_text).encode() in inspect.content


def test_hostile_html_in_the_guide_becomes_plain_words_in_the_pdf(free_guide):
    import re
    import zlib

    from wagtail.rich_text import RichText

    from guides.newsletter.pdf import free_guide_pdf

    free_guide.body = [
        (
            "paragraph",
            RichText(
                '<p>Stretch twelve times<script>alert(1)</script> <a href="javascript:'
                'alert(2)">here</a><img src=x onerror="alert(3)"></p>'
            ),
        )
    ]
    pdf = free_guide_pdf(free_guide, disclaimer="")
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S)
    text = b"".join(
        zlib.decompress(stream) if stream[:1] == b"x" else stream for stream in streams
    )
    assert b"Stretch twelve times" in text
    assert b"here" in text
    for danger in (b"<script", b"alert(", b"javascript:", b"onerror"):
        assert danger not in text
