"""The abuse rules reader comments and product reviews share (home/user_content)."""

import time

import pytest
from django import forms
from django.template import Context, Template
from django.test import override_settings
from django.urls import reverse

from home.models import BlockedTerm
from home.user_content import (
    RateLimited,
    UserContentForm,
    blocked_terms_in,
    check_rate_limits,
    count_links,
    form_started_token,
    rate_limited_response,
    render_user_text,
    seconds_since_started,
)


class NoteForm(UserContentForm):
    name = forms.CharField(max_length=60)
    text = forms.CharField(max_length=200)


def started(seconds_ago: float) -> str:
    return form_started_token(at=time.time() - seconds_ago)


def note(**overrides):
    data = {"name": "Ana", "text": "Stretching helped me.", "form_started": started(30)}
    data.update(overrides)
    return NoteForm(data)


@pytest.mark.django_db
def test_a_form_filled_like_a_person_is_valid():
    form = note()
    assert form.is_valid(), form.errors
    assert not form.retry


@pytest.mark.django_db
def test_a_filled_honeypot_refuses_the_form():
    form = note(website="http://spam.example")
    assert not form.is_valid()
    assert form.has_error("__all__", "honeypot")


@pytest.mark.django_db
@override_settings(USER_CONTENT_MIN_FILL_SECONDS=3)
def test_a_form_sent_faster_than_the_minimum_fill_time_is_refused():
    form = note(form_started=started(1))
    assert not form.is_valid()
    assert form.has_error("__all__", "too_fast")
    assert not form.retry
    assert note(form_started=started(4)).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "token",
    ["", "not-a-token", started(60 * 60 * 25), started(30)[:-2] + "xx"],
    ids=["missing", "garbage", "older-than-a-day", "tampered"],
)
def test_a_missing_old_or_forged_start_token_asks_to_send_again(token):
    form = note(form_started=token)
    assert not form.is_valid()
    assert form.has_error("__all__", "not_started")
    assert form.retry, "the reader gets the form back with a fresh token"
    assert seconds_since_started(form.fresh_started_token) < 5


@pytest.mark.django_db
def test_text_over_the_length_limit_is_refused_on_its_field():
    form = note(text="x" * 201)
    assert not form.is_valid()
    assert form.has_error("text", "max_length")


@pytest.mark.django_db
@override_settings(USER_CONTENT_MAX_LINKS=2)
def test_more_links_than_allowed_are_refused_on_the_field():
    two = "See https://a.example/x and www.b.example"
    assert count_links(two) == 2
    assert note(text=two).is_valid()
    form = note(text=two + " and c.example.com")
    assert not form.is_valid()
    assert form.errors["text"] == ["Please keep to 2 links at most (we counted 3)."]


@pytest.mark.django_db
@override_settings(USER_CONTENT_MAX_LINKS=0)
def test_no_links_at_all_when_the_limit_is_zero():
    form = note(text="my site: https://a.example")
    assert not form.is_valid()
    assert "leave out web addresses" in form.errors["text"][0]


@pytest.mark.django_db
def test_blocked_terms_match_whole_words_in_any_case_and_refuse_the_form():
    BlockedTerm.objects.create(term="cheap pills")
    BlockedTerm.objects.create(term="casino.example")
    assert blocked_terms_in("Buy CHEAP  Pills now") == []  # two spaces: not the phrase
    assert blocked_terms_in("Buy CHEAP pills now") == ["cheap pills"]
    assert blocked_terms_in("cheap pillsbury") == []
    assert blocked_terms_in("visit casino.example today") == ["casino.example"]

    form = note(text="Try cheap pills from casino.example")
    assert not form.is_valid()
    assert form.has_error("__all__", "blocked")
    assert "“casino.example”, “cheap pills”" in form.non_field_errors()[0]
    assert not note(name="Cheap Pills", text="hello").is_valid()


@pytest.mark.django_db
def test_a_blocked_term_saved_with_extra_spaces_is_stored_tidy():
    term = BlockedTerm(term="  cheap   pills ")
    term.full_clean()
    assert term.term == "cheap pills"


def test_user_text_escapes_html_and_links_with_nofollow_ugc():
    html = render_user_text(
        '<script>alert(1)</script> <a href="javascript:x">me</a>\n'
        "see https://example.org/page?a=1&b=2\n\nnew paragraph"
    )
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html
    assert (
        '<a href="https://example.org/page?a=1&amp;b=2" rel="nofollow ugc">'
        "https://example.org/page?a=1&amp;b=2</a>"
    ) in html
    assert html.count("<p>") == 2 and "<br>" in html


def test_user_text_filter_renders_the_same_as_the_function():
    rendered = Template("{% load user_content %}{{ text|user_text }}").render(
        Context({"text": "<b>hi</b> www.example.org"})
    )
    assert rendered == render_user_text("<b>hi</b> www.example.org")
    assert 'rel="nofollow ugc"' in rendered and "<b>" not in rendered


@override_settings(USER_CONTENT_RATE_PER_IP="3/h", USER_CONTENT_RATE_PER_EMAIL="100/h")
def test_the_rate_limit_per_ip_stops_the_fourth_submission_in_the_hour(rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    for n in range(3):
        check_rate_limits(request, scope="notes", email=f"reader{n}@example.org")
    with pytest.raises(RateLimited) as stopped:
        check_rate_limits(request, scope="notes", email="other@example.org")
    assert 1 <= stopped.value.minutes <= 60
    assert f"try again in {stopped.value.minutes} minute" in stopped.value.message
    # Another IP, and the same IP on another scope, are counted apart.
    check_rate_limits(rf.post("/", REMOTE_ADDR="203.0.113.10"), scope="notes")
    check_rate_limits(request, scope="reviews")


@override_settings(USER_CONTENT_RATE_PER_IP="100/h", USER_CONTENT_RATE_PER_EMAIL="2/h")
def test_the_rate_limit_per_address_ignores_letter_case_and_the_ip(rf):
    for n in range(2):
        request = rf.post("/", REMOTE_ADDR=f"203.0.113.{n}")
        check_rate_limits(request, scope="notes", email="Ana@Example.org")
    with pytest.raises(RateLimited):
        check_rate_limits(
            rf.post("/", REMOTE_ADDR="198.51.100.1"),
            scope="notes",
            email=" ana@example.org ",
        )
    check_rate_limits(rf.post("/"), scope="notes", email="bea@example.org")


@pytest.mark.django_db
def test_a_rate_limited_answer_is_a_429_with_retry_after_and_the_wait(rf):
    response = rate_limited_response(rf.post("/"), RateLimited(125))
    assert response.status_code == 429
    assert response["Retry-After"] == "125"
    assert "Please try again in 3 minutes." in response.content.decode()
    assert RateLimited(30).message.endswith("try again in 1 minute.")


@pytest.mark.django_db
@override_settings(USER_CONTENT_MIN_FILL_SECONDS=0)
def test_visitor_state_hands_out_a_fresh_start_token(client):
    token = client.get(reverse("visitor_state")).json()["form_started"]
    assert 0 <= seconds_since_started(token) < 5
    assert note(form_started=token).is_valid()


@pytest.mark.django_db
def test_a_registered_handler_answers_csrf_failures_of_its_own_form(monkeypatch):
    from django.http import HttpResponse
    from django.test import Client

    from home import extensions

    monkeypatch.setattr(extensions, "_csrf_failure_handlers", [])
    extensions.register_csrf_failure_handler(
        lambda request: request.path == "/cart/empty/",
        lambda request, reason: HttpResponse("send it again", status=403),
    )
    client = Client(enforce_csrf_checks=True)
    mine = client.post("/cart/empty/")
    assert (mine.status_code, mine.content) == (403, b"send it again")
    other = client.post("/cart/lines/1/remove/")
    assert other.status_code == 403 and b"send it again" not in other.content
