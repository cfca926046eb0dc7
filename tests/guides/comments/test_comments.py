"""Reader questions and comments: the form on cached pages, every abuse rule as the
reader meets it, moderation, replies, promotion into the Q&A, the answer e-mail."""

import re
import time

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from guides.comments import services
from guides.comments.emails import unsubscribe_token
from guides.comments.models import AnswerOptOut, Comment, CommentStatus
from guides.finder.models import RedFlag
from home.models import BlockedTerm
from home.user_content import form_started_token
from tests.guides.factories import (
    ContributorFactory,
    GuidePageFactory,
    ReliefMethodPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide(guides_index):
    return GuidePageFactory(title="Night leg cramps", slug="night-cramps")


def red_flag(slug, disposition, heading, words, order) -> RedFlag:
    return RedFlag.objects.create(
        slug=slug,
        question=f"{heading}?",
        disposition=disposition,
        care_heading=heading,
        care_text=f"{heading}: do not wait.",
        comment_words=words,
        sort_order=order,
    )


@pytest.fixture
def chest_pain():
    return red_flag(
        "chest-pain", "emergency", "Call 112 now", "chest pain\ncan't breathe", 0
    )


@pytest.fixture
def numbness():
    return red_flag("numbness", "urgent", "See a doctor today", "numb\nnumbness", 1)


def form_data(**overrides) -> dict:
    data = {
        "name": "Ana",
        "email": "ana@example.org",
        "text": "Does stretching before bed help?",
        "consent": "on",
        "form_started": form_started_token(at=time.time() - 30),
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, page, **overrides):
    return client.post(reverse("comments:post", args=[page.pk]), form_data(**overrides))


@pytest.fixture
def marketer(db):
    user = User.objects.create_user("mia", password="pw-unknot-1")
    user.groups.add(Group.objects.get(name="Marketers"))
    return user


# --- The reader's form ----------------------------------------------------------------


def test_the_guide_page_shows_the_form_and_stays_cacheable(client, guide):
    response = client.get(guide.url)
    html = response.content.decode()
    assert "Ask a question or share what helped" in html
    assert 'name="csrfmiddlewaretoken" value=""' in html
    assert 'name="form_started" value=""' in html
    assert "public" in response["Cache-Control"]
    assert "Set-Cookie" not in response and "Cookie" not in response.get("Vary", "")


def test_relief_method_pages_take_comments_too(client, methods_index):
    method = ReliefMethodPageFactory(title="Stretching", slug="stretching-x")
    assert "Ask a question or share what helped" in client.get(method.url).text
    response = post(client, method)
    assert response.status_code == 302
    assert Comment.objects.get().page_id == method.pk


def test_a_valid_comment_is_held_for_moderation_and_not_shown(client, guide):
    response = post(client, guide, name="", notify_on_answer="on")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert comment.name == "Anonymous"
    assert comment.notify_on_answer and comment.consented_at
    thanks = client.get(response["Location"])
    assert "A member of our team reads it" in thanks.text
    assert "We will e-mail you once it has an answer" in thanks.text
    assert "Does stretching before bed help?" not in client.get(guide.url).text


def test_consent_and_a_valid_address_are_required(client, guide):
    response = post(client, guide, consent="", email="not-an-address")
    assert response.status_code == 400
    assert "Please agree to the privacy notice" in response.text
    assert "Enter an e-mail address like name@example.com." in response.text
    assert 'value="Does stretching before bed help?"' not in response.text
    assert "Does stretching before bed help?</textarea>" in response.text
    assert not Comment.objects.exists()


def test_comments_only_go_to_live_guides_and_methods(client, guide, home_page):
    assert post(client, home_page).status_code == 404
    guide.unpublish()
    assert post(client, guide).status_code == 404
    for nonsense in ("abc", "0", "１２", "99999999999999999999999"):
        url = reverse("comments:post", args=[nonsense])
        assert client.post(url, form_data()).status_code == 404
    assert not Comment.objects.exists()


# --- Abuse rules, as the reader meets them --------------------------------------------


def test_honeypot_refuses_and_stores_nothing(client, guide):
    response = post(client, guide, website="http://buy.example")
    assert response.status_code == 400
    assert "leave the last field empty" in response.text
    assert not Comment.objects.exists()


@override_settings(USER_CONTENT_MIN_FILL_SECONDS=5)
def test_too_fast_a_post_is_refused(client, guide):
    response = post(client, guide, form_started=form_started_token())
    assert response.status_code == 400
    assert "quicker than anyone can type" in response.text
    assert not Comment.objects.exists()


def test_without_javascript_the_form_comes_back_with_a_fresh_token(client, guide):
    response = post(client, guide, form_started="")
    assert response.status_code == 200
    assert "check what you wrote and send it again" in response.text
    token = re.search(r'name="form_started" value="([^"]+)"', response.text)
    assert token, "a fresh fill-time token for the second click"
    assert not Comment.objects.exists()


def test_a_cached_pages_stale_csrf_token_gets_the_form_back_filled_in(guide):
    client = Client(enforce_csrf_checks=True)
    response = post(client, guide, csrfmiddlewaretoken="someone-elses")
    assert response.status_code == 403
    assert "please check what you wrote and send it again" in response.text
    assert "Does stretching before bed help?</textarea>" in response.text
    assert not Comment.objects.exists()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    second = post(client, guide, csrfmiddlewaretoken=csrf.group(1))
    assert second.status_code == 302
    assert Comment.objects.count() == 1


def test_text_over_the_length_limit_is_refused(client, guide):
    response = post(client, guide, text="a" * 2001)
    assert response.status_code == 400
    assert "Please keep it to 2000 characters (it has 2001)." in response.text
    assert not Comment.objects.exists()


@override_settings(USER_CONTENT_MAX_LINKS=1)
def test_too_many_links_are_refused_and_allowed_ones_are_nofollow_ugc(
    client, guide, marketer
):
    response = post(client, guide, text="see www.a.example and https://b.example")
    assert response.status_code == 400
    assert "Please keep to 1 link at most (we counted 2)." in response.text
    post(client, guide, text="this helped: https://help.example/stretch")
    comment = Comment.objects.get()
    services.moderate(comment_id=comment.pk, status="approved", user=marketer)
    html = client.get(guide.url).text
    assert (
        '<a href="https://help.example/stretch" rel="nofollow ugc">'
        "https://help.example/stretch</a>"
    ) in html


def test_html_in_a_comment_is_shown_as_text(client, guide, marketer):
    post(client, guide, name="<b>Bo</b>", text='<script>alert("x")</script> hi')
    comment = Comment.objects.get()
    services.moderate(comment_id=comment.pk, status="approved", user=marketer)
    html = client.get(guide.url).text
    assert "<script>alert" not in html and "<b>Bo</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; hi" in html


def test_blocked_terms_are_refused_with_the_term_named(client, guide):
    BlockedTerm.objects.create(term="miracle cure")
    response = post(client, guide, text="Try this Miracle Cure today")
    assert response.status_code == 400
    assert "We do not publish “miracle cure”" in response.text
    assert not Comment.objects.exists()


@override_settings(USER_CONTENT_RATE_PER_IP="2/h", USER_CONTENT_RATE_PER_EMAIL="50/h")
def test_the_rate_limit_per_ip_answers_429_with_the_wait(client, guide):
    for n in range(2):
        assert post(client, guide, email=f"r{n}@example.org").status_code == 302
    response = post(client, guide, email="r9@example.org")
    assert response.status_code == 429
    minutes = int(response["Retry-After"]) // 60
    assert re.search(r"Please try again in \d+ minutes?\.", response.text)
    assert 0 <= minutes <= 60
    assert Comment.objects.count() == 2


@override_settings(USER_CONTENT_RATE_PER_IP="50/h", USER_CONTENT_RATE_PER_EMAIL="1/h")
def test_the_rate_limit_per_address_answers_429(client, guide):
    assert post(client, guide).status_code == 302
    other_ip = post(client, guide, REMOTE_ADDR="198.51.100.7")
    assert other_ip.status_code == 429
    assert Comment.objects.count() == 1


# --- Medical safety -------------------------------------------------------------------


def test_red_flag_words_hold_the_comment_and_show_the_care_cards_at_once(
    client, guide, chest_pain, numbness
):
    response = post(
        client, guide, text="My foot goes NUMB and I can’t breathe when it cramps"
    )
    comment = Comment.objects.get()
    assert set(comment.red_flags.all()) == {chest_pain, numbness}
    assert comment.status == CommentStatus.PENDING
    thanks = client.get(response["Location"]).text
    assert "Please read this first" in thanks
    assert thanks.index("Call 112 now") < thanks.index("See a doctor today")


def test_words_match_whole_words_only(client, guide, numbness):
    post(client, guide, text="The numbers on my watch say I ran 10 km.")
    assert not Comment.objects.get().red_flags.exists()


# --- Moderation, reply, promotion -----------------------------------------------------


def test_marketers_see_the_queue_filter_it_and_approve(client, guide, marketer):
    other = GuidePageFactory(title="Back spasms")
    for page, text in ((guide, "First question"), (other, "Second question")):
        post(client, page, text=text, email=f"{page.slug}@example.org")
    client.force_login(marketer)
    queue = client.get(reverse("comments_moderation:index"), {"page": other.pk})
    assert "Second question" in queue.text and "First question" not in queue.text
    pending = client.get(reverse("comments_moderation:index"), {"status": "pending"})
    assert "First question" in pending.text
    home = client.get(reverse("wagtailadmin_home"))
    assert "2</strong> waiting for moderation" in home.text
    comment = Comment.objects.get(text="First question")
    url = reverse("comments_moderation:edit", args=[comment.pk])
    assert client.post(url, {"action": "approve"}).status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert comment.moderated_by == marketer
    assert "First question" in client.get(guide.url).text


def test_reject_and_spam_keep_it_off_the_page(client, guide, marketer):
    post(client, guide)
    comment = Comment.objects.get()
    client.force_login(marketer)
    url = reverse("comments_moderation:edit", args=[comment.pk])
    client.post(url, {"action": "spam"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.SPAM
    client.post(url, {"action": "reject"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REJECTED
    client.logout()
    assert "Does stretching before bed help?" not in client.get(guide.url).text


def test_people_without_the_permission_cannot_moderate(client, guide):
    post(client, guide)
    comment = Comment.objects.get()
    client.force_login(User.objects.create_user("x", is_staff=True))
    url = reverse("comments_moderation:edit", args=[comment.pk])
    assert client.post(url, {"action": "approve"}).status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING


@pytest.fixture
def answered(client, guide, marketer, django_capture_on_commit_callbacks):
    """Post a question, then reply and approve it in the admin (after-commit work
    such as the e-mail runs, as it does outside a test transaction)."""
    return lambda **overrides: _answered(
        client, guide, marketer, django_capture_on_commit_callbacks, **overrides
    )


def _answered(client, guide, marketer, capture, **overrides):
    post(client, guide, notify_on_answer="on", **overrides)
    comment = Comment.objects.latest("pk")
    expert = ContributorFactory(name="Dr Lee", job_title="GP")
    client.force_login(marketer)
    url = reverse("comments_moderation:edit", args=[comment.pk])
    reply = {"reply_by": expert.pk, "reply_text": "Yes, <i>it</i> does."}
    with capture(execute=True):
        response = client.post(url, {"action": "reply_approve", **reply})
    assert response.status_code == 302
    client.logout()
    comment.refresh_from_db()
    return comment


def test_reply_and_approve_shows_the_nested_answer_and_emails_the_reader(
    client, guide, marketer, answered, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    comment = answered()
    assert comment.status == CommentStatus.APPROVED and comment.is_answered
    html = client.get(guide.url).text
    assert "Answer from <strong>Dr Lee</strong>, GP" in html
    assert "Yes, &lt;i&gt;it&lt;/i&gt; does." in html
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Night leg cramps" in message.subject
    html_part = message.alternatives[0].content
    assert f"#comment-{comment.pk}" in message.body and "Unsubscribe" in html_part
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    assert comment.answer_emailed_at is not None
    # Approving again or editing the reply does not mail twice.
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(comment_id=comment.pk, status="approved", user=marketer)
        services.reply(
            comment_id=comment.pk, reply_by=comment.reply_by, text="Yes.", user=marketer
        )
    assert len(mail.outbox) == 1


def test_no_email_unless_the_reader_asked(
    client, guide, marketer, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    post(client, guide)
    comment = Comment.objects.get()
    expert = ContributorFactory()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.reply(comment_id=comment.pk, reply_by=expert, text="Y", user=marketer)
        services.moderate(comment_id=comment.pk, status="approved", user=marketer)
    assert callbacks, "the e-mail task was queued, and declined to send"
    assert mail.outbox == []


def test_the_unsubscribe_link_works_and_stops_later_emails(client, answered):
    mail.outbox.clear()
    first = answered()
    link = re.search(r"(http\S+/comments/unsubscribe/\S+/)", mail.outbox[0].body)
    path = link.group(1).split("://", 1)[1].split("/", 1)[1]
    page = client.get("/" + path)
    assert "Stop answer e-mails?" in page.text and "ana@example.org" in page.text
    done = client.post("/" + path)
    assert "You are unsubscribed" in done.text
    assert AnswerOptOut.objects.filter(email="ana@example.org").exists()
    first.refresh_from_db()
    assert not first.notify_on_answer
    answered(text="Another question")
    assert len(mail.outbox) == 1
    token = path.rstrip("/").rsplit("/", 1)[1]
    tampered = client.post(reverse("comments:unsubscribe", args=[token[:-3] + "abc"]))
    assert tampered.status_code == 400


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf(guide):
    token = unsubscribe_token("Ana@Example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("comments:unsubscribe", args=[token]),
        {"List-Unsubscribe": "One-Click"},
    )
    assert response.status_code == 200
    assert AnswerOptOut.objects.filter(email="ana@example.org").exists()


def test_promote_adds_the_question_to_the_page_qa_and_faq_data(
    client, guide, marketer, answered
):
    comment = answered()
    client.force_login(marketer)
    url = reverse("comments_moderation:edit", args=[comment.pk])
    assert client.post(url, {"action": "promote"}).status_code == 302
    comment.refresh_from_db()
    assert comment.promoted_at and comment.promoted_by == marketer
    guide.refresh_from_db()
    questions = guide.question_blocks()
    assert [str(q["question"]) for q in questions] == [
        "Does stretching before bed help?"
    ]
    assert questions[0]["asker"] == "Ana"
    assert questions[0]["answered_by"].name == "Dr Lee"
    assert "&lt;i&gt;it&lt;/i&gt;" in questions[0]["answer"].source
    client.logout()
    html = client.get(guide.url).text
    assert '"@type": "FAQPage"' in html or '"@type":"FAQPage"' in html
    assert "Ana asks" in html
    # Promoted once: the action is not offered again, and a second post is refused.
    client.force_login(marketer)
    client.post(url, {"action": "promote"})
    guide.refresh_from_db()
    assert len(guide.question_blocks()) == 1


def test_promote_refuses_a_page_with_unpublished_changes(guide, marketer, answered):
    comment = answered()
    guide.title = "Draft title"
    guide.save_revision()
    with pytest.raises(services.CommentActionError, match="unpublished changes"):
        services.promote(comment_id=comment.pk, user=marketer)
    comment.refresh_from_db()
    assert comment.promoted_at is None


def test_promote_needs_an_approved_answered_comment(client, guide, marketer):
    post(client, guide)
    comment = Comment.objects.get()
    with pytest.raises(services.CommentActionError, match="Approve it first"):
        services.promote(comment_id=comment.pk, user=marketer)


# --- What readers see: order, pages, purge --------------------------------------------


def test_approved_comments_show_newest_first_ten_to_a_page(client, guide, marketer):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    for n in range(12):
        Comment.objects.create(
            page=guide,
            email="a@example.org",
            text=f"Comment number {n:02d}",
            status="approved",
            created_at=now - timedelta(hours=n),
            consented_at=now,
        )
    first = client.get(guide.url).text
    assert first.index("Comment number 00") < first.index("Comment number 09")
    assert "Comment number 10" not in first
    assert "Page 1 of 2" in first
    second = client.get(guide.url, {"comments": "2"}).text
    assert "Comment number 11" in second and "Comment number 00" not in second
    assert "Comment number 00" in client.get(guide.url, {"comments": "x"}).text


@override_settings(
    WAGTAILFRONTENDCACHE={"test": {"BACKEND": "home.frontend_cache.RecordingBackend"}}
)
def test_approving_purges_the_page_after_commit(
    client, guide, marketer, django_capture_on_commit_callbacks
):
    from home.frontend_cache import RecordingBackend

    post(client, guide)
    comment = Comment.objects.get()
    RecordingBackend.purged.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.moderate(comment_id=comment.pk, status="approved", user=marketer)
    assert any(url.endswith(guide.url) for url in RecordingBackend.purged)


def test_the_queue_lists_what_waits_first(client, guide, marketer):
    post(client, guide, text="Waiting one", email="w@example.org")
    post(client, guide, text="Newer but approved", email="n@example.org")
    approved = Comment.objects.get(text="Newer but approved")
    services.moderate(comment_id=approved.pk, status="approved", user=marketer)
    client.force_login(marketer)
    html = client.get(reverse("comments_moderation:index")).text
    assert html.index("Waiting one") < html.index("Newer but approved")


def test_the_answer_email_escapes_reader_text_in_html_and_keeps_it_literal_in_text(
    answered,
):
    # The plain-text part turns autoescape off on purpose (a text/plain body is never
    # read as HTML, and escaping would turn O'Brien into O&#x27;Brien); the HTML part
    # shows the same text only through the `user_text` filter.
    mail.outbox.clear()
    answered(name="Ana O'Brien", text="Does <b>heat</b> help & how?")
    message = mail.outbox[0]
    html_part = message.alternatives[0].content
    assert "Does <b>heat</b> help & how?" in message.body
    assert "Yes, <i>it</i> does." in message.body
    assert "<b>heat</b>" not in html_part and "<i>it</i>" not in html_part
    assert "Does &lt;b&gt;heat&lt;/b&gt; help &amp; how?" in html_part
    assert "Yes, &lt;i&gt;it&lt;/i&gt; does." in html_part
