"""The relief finder's demo: its page under the home page and the editors' logic
(red flags, questions, cause rules) from `data/finder.yaml`.

Idempotent like the other demo steps: the page is found by slug, snippets by slug
(or cause), and only what is missing is created. Runs after the guides' demo step,
whose causes and guides the rules name.
"""

from pathlib import Path

from django.utils import timezone

from guides.finder.models import (
    CauseProfile,
    CauseRule,
    FinderAnswer,
    FinderPage,
    FinderQuestion,
    RedFlag,
)
from guides.finder.site_setup import ensure_marketers_edit_finder
from guides.models import Cause, Contributor, GuidePage
from home.demo import data_files
from home.models import HomePage

DATA = Path(__file__).resolve().parent / "data" / "finder.yaml"
PAGE_FIELDS = ["intro", "not_a_diagnosis", "routine_care_heading", "routine_care_text"]


def ensure_page(spec: dict, stdout) -> FinderPage | None:
    page = FinderPage.objects.filter(slug=spec["slug"]).first()
    home = HomePage.objects.first()
    if page is None and home is not None:
        page = FinderPage(
            title=spec["title"],
            slug=spec["slug"],
            **{name: spec[name].strip() for name in PAGE_FIELDS},
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        stdout.write(f"Relief finder page: {page.url_path}")
    return page


def ensure_red_flags(specs: list[dict], review: dict) -> None:
    for order, spec in enumerate(specs):
        flag, created = RedFlag.objects.get_or_create(
            slug=spec["slug"],
            defaults={**spec, "sort_order": order, **review},
        )
        # Red flags loaded before reader comments existed get their words once.
        if not created and not flag.comment_words and spec.get("comment_words"):
            flag.comment_words = spec["comment_words"]
            flag.save(update_fields=["comment_words"])


def ensure_questions(specs: list[dict], review: dict) -> dict[str, FinderAnswer]:
    """Questions and their answers; returns every answer by `question/answer`."""
    answers = {}
    for order, spec in enumerate(specs):
        question = FinderQuestion.objects.filter(slug=spec["slug"]).first()
        if question is None:
            question = FinderQuestion(
                slug=spec["slug"],
                step=spec["step"],
                prompt=spec["prompt"],
                hint=spec.get("hint", ""),
                multiple=spec["multiple"],
                sort_order=order,
                **review,
            )
            question.answers = [
                FinderAnswer(slug=slug, label=label, sort_order=position)
                for position, (slug, label) in enumerate(spec["answers"])
            ]
            question.save()
        for answer in question.answers.all():
            answers[f"{question.slug}/{answer.slug}"] = answer
    return answers


def ensure_cause_rules(specs: dict, answers: dict, review: dict) -> None:
    causes = {cause.slug: cause for cause in Cause.objects.all()}
    guides = {guide.slug: guide for guide in GuidePage.objects.all()}
    for cause_slug, spec in specs.items():
        cause = causes.get(cause_slug)
        if cause is None or CauseProfile.objects.filter(cause=cause).exists():
            continue
        profile = CauseProfile(cause=cause, guide=guides.get(spec["guide"]), **review)
        profile.rules = [
            CauseRule(
                answer=answers[rule["answer"]],
                weight=rule["weight"],
                reason=rule["reason"],
                sort_order=order,
            )
            for order, rule in enumerate(spec["rules"])
            if rule["answer"] in answers
        ]
        profile.save()


def load(stdout) -> None:
    data = data_files.read_yaml(DATA)
    ensure_marketers_edit_finder()
    review = {
        "medical_reviewer": Contributor.objects.filter(name=data["reviewer"]).first(),
        "last_reviewed": timezone.localdate(),
    }
    ensure_page(data["page"], stdout)
    ensure_red_flags(data["red_flags"], review)
    answers = ensure_questions(data["questions"], review)
    ensure_cause_rules(data["causes"], answers, review)
    stdout.write("Relief finder: red flags, questions and cause rules ready.")
