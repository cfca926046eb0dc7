"""A reader asks a question under a guide; a marketer approves it, answers it in a
medical reviewer's name and promotes it into the guide's Q&A; the reader finds it on
the page and in their e-mail, and can unsubscribe from the link in it. axe-core
checks the form (as sent and with errors), the thank-you page and the moderation
screens."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .steps import admin_login, wait_for_csrf_token

GUIDE = "/guides/night-leg-cramps/"
QUESTION = "Does a warm bath before bed help against night cramps in the calf?"
ANSWER = "Often, yes: warmth relaxes the calf. Stretch it gently afterwards."


def no_serious_violations(page, what: str) -> None:
    found = serious_violations(page)
    assert found == [], f"axe on {what}: {found}"


@pytest.fixture
def quick_forms(settings):
    # The form refuses posts faster than a person types; the browser is faster.
    settings.USER_CONTENT_MIN_FILL_SECONDS = 1


def test_a_question_is_answered_promoted_and_emailed(
    demo_site, live_server, new_context, quick_forms
):
    mail.outbox.clear()
    reader = new_context(viewport=PHONE).new_page()
    reader.goto(live_server.url + GUIDE)
    section = reader.locator("#comments")
    expect(
        section.get_by_role("heading", name="Questions and comments")
    ).to_be_visible()
    # The demo's approved question with its answer, nested; the pending one is absent.
    expect(section).to_contain_text("Answer from Lena Hartmann")
    expect(section).not_to_contain_text("Is magnesium worth trying")
    no_serious_violations(reader, "the guide with the comment form (390 px)")

    form = reader.locator("form.comment-form")
    wait_for_csrf_token(reader, form)
    expect(form.locator("input[name=form_started]")).not_to_have_value("")
    # Sent without consent first: the error is shown, nothing is kept.
    form.get_by_label("Your name").fill("Ana")
    form.get_by_label("Your e-mail").fill("ana@example.org")
    form.get_by_label("Your question or what helped you").fill(QUESTION)
    form.get_by_label("E-mail me when my question is answered").check()
    reader.wait_for_timeout(1100)
    form.get_by_role("button", name="Send for moderation").click()
    summary = reader.get_by_role("alert")
    expect(summary).to_contain_text("Please agree to the privacy notice")
    no_serious_violations(reader, "the comment form with an error")

    form = reader.locator("form.comment-form")
    expect(form.get_by_label("Your question or what helped you")).to_have_value(
        QUESTION
    )
    form.locator("input[name=consent]").check()
    reader.wait_for_timeout(1100)
    form.get_by_role("button", name="Send for moderation").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(reader.locator("main")).to_contain_text("We will e-mail you once")
    no_serious_violations(reader, "the thank-you page")

    marketer = new_context(viewport=DESKTOP).new_page()
    admin_login(marketer, live_server, "marketer")
    panel = marketer.locator(
        "section", has=marketer.get_by_role("heading", name="Reader comments")
    )
    expect(panel).to_contain_text("2 waiting for moderation")
    panel.get_by_role("link", name=re.compile("waiting for moderation")).click()
    expect(
        marketer.get_by_role("link", name=re.compile("Does a warm bath"))
    ).to_be_visible()
    no_serious_violations(marketer, "the moderation queue")
    marketer.get_by_role("link", name=re.compile("Does a warm bath")).click()
    expect(marketer.locator("main")).to_contain_text(QUESTION)
    no_serious_violations(marketer, "the moderation screen")

    marketer.get_by_label("Reply in the name of").select_option(
        label="Dr Tomás Reyes, General practitioner"
    )
    marketer.get_by_role("textbox", name="Reply").fill(ANSWER)
    marketer.get_by_role("button", name="Save reply and approve").click()
    expect(marketer.locator(".messages")).to_contain_text(
        "Reply saved and comment approved"
    )
    marketer.get_by_role("button", name="Promote and publish").click()
    expect(marketer.locator(".messages")).to_contain_text(
        "Added to the questions and answers of"
    )

    reader.goto(live_server.url + GUIDE)
    qa = reader.get_by_role("region", name="Reader question").filter(has_text=QUESTION)
    expect(qa).to_contain_text("Ana asks")
    expect(qa).to_contain_text(ANSWER)
    expect(qa).to_contain_text("from Dr Tomás Reyes")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert ANSWER in message.body
    link = re.search(r"(http\S+#comment-\d+)", message.body).group(1)
    assert link.startswith(live_server.url + GUIDE)
    unsubscribe = re.search(r"(http\S+/comments/unsubscribe/\S+/)", message.body)
    reader.goto(unsubscribe.group(1))
    no_serious_violations(reader, "the unsubscribe page")
    reader.get_by_role("button", name="Unsubscribe").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")


def test_a_red_flag_question_shows_the_care_card_at_once(
    demo_site, live_server, new_context, quick_forms
):
    reader = new_context(viewport=DESKTOP).new_page()
    reader.goto(live_server.url + GUIDE)
    form = reader.locator("form.comment-form")
    wait_for_csrf_token(reader, form)
    form.get_by_label("Your e-mail").fill("bo@example.org")
    form.get_by_label("Your question or what helped you").fill(
        "My calf cramps and now I have chest pain, is that related?"
    )
    form.locator("input[name=consent]").check()
    reader.wait_for_timeout(1100)
    form.get_by_role("button", name="Send for moderation").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(
        "Please read this first"
    )
    expect(reader.get_by_role("heading", name="Call 112 now")).to_be_visible()
    no_serious_violations(reader, "the care card after a red-flag comment")
