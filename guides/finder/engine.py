"""The finder's reasoning: read the answers from a query string, decide the step,
rank causes and relief methods. Deterministic, and every reason shown comes from a
rule that fired.

Ranking, documented once:

- A cause scores the sum of the weights of its rules whose answer the reader chose;
  only causes scoring above zero are shown, at most `MAX_CAUSES`. Ties go to the
  cause's own sort order (Guide taxonomy → Causes), then its name.
- A cause's reasons are its fired rules' sentences, strongest weight first (ties:
  the rules' order in the editor).
- A relief method scores the sum of the scores of every cause it addresses that
  scored above zero (shown or not: a method that helps with several of the
  reader's likely causes beats one that fits a single cause); at most
  `MAX_METHODS` are shown. Ties go to the methods' order in the page tree under
  Relief methods, which editors arrange.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Prefetch

from guides.models import Cause, GuidePage, ReliefMethodPage

from .models import (
    RED_FLAG_PREFIX,
    CauseRule,
    FinderAnswer,
    FinderQuestion,
    RedFlag,
)

MAX_CAUSES = 3
MAX_METHODS = 4
YES, NO = "yes", "no"

SAFETY, WHERE, WHEN, RESULT, CARE = "safety", "where", "when", "result", "care"
STEPS = [SAFETY, WHERE, WHEN, RESULT]  # the order a reader walks them

TAMPERED = (
    "That link held answers the finder could not read, so it starts again from "
    "the safety questions."
)
INCOMPLETE = "Please answer every question on this step."


class FinderLogic:
    """Everything editors set up, loaded in a fixed number of queries."""

    @cached_property
    def red_flags(self) -> list[RedFlag]:
        """Most urgent first: the order they are asked and the order that decides."""
        return sorted(RedFlag.objects.all(), key=lambda flag: flag.urgency)

    @cached_property
    def questions(self) -> list[FinderQuestion]:
        answers = Prefetch(
            "answers", queryset=FinderAnswer.objects.order_by("sort_order", "pk")
        )
        questions = FinderQuestion.objects.prefetch_related(answers)
        return sorted(
            questions, key=lambda q: (STEPS.index(q.step), q.sort_order, q.pk)
        )

    def step_questions(self, step: str) -> list[FinderQuestion]:
        return [question for question in self.questions if question.step == step]

    @cached_property
    def rules(self) -> list[CauseRule]:
        return list(
            CauseRule.objects.select_related("profile__cause", "answer").order_by(
                "profile", "sort_order", "pk"
            )
        )


@dataclass
class FinderState:
    """Where a reader is, read from the query string alone."""

    step: str = SAFETY
    flags: dict[str, str] = field(default_factory=dict)  # flag slug → yes/no
    answers: dict[str, list[str]] = field(default_factory=dict)  # question → answers
    error: str = ""
    care_flag: RedFlag | None = None

    @property
    def is_blank(self) -> bool:
        return not self.flags and not self.answers

    def params(self, *, leave_out: set[str] = frozenset()) -> list[tuple[str, str]]:
        """The answers as query-string pairs, in a stable order, without the keys
        in `leave_out` (the ones the step being shown asks again)."""
        pairs = [(RED_FLAG_PREFIX + slug, value) for slug, value in self.flags.items()]
        pairs += [
            (slug, value) for slug, values in self.answers.items() for value in values
        ]
        return [(key, value) for key, value in pairs if key not in leave_out]


def parse(params, logic: FinderLogic) -> FinderState:
    """The reader's state from a QueryDict. Unknown keys (say, a campaign tag) are
    ignored; a known key with a value no editor offered means the link was edited
    or is out of date, and the finder starts again with a message."""
    flags = {flag.param: flag for flag in logic.red_flags}
    questions = {question.slug: question for question in logic.questions}
    state = FinderState()
    for key in params:
        values = params.getlist(key)
        if key in flags:
            if len(values) != 1 or values[0] not in (YES, NO):
                return FinderState(error=TAMPERED)
            state.flags[flags[key].slug] = values[0]
        elif key in questions:
            question = questions[key]
            offered = {answer.slug for answer in question.answers.all()}
            chosen = list(dict.fromkeys(values))  # a repeated value counts once
            if any(v not in offered for v in chosen) or (
                len(chosen) > 1 and not question.multiple
            ):
                return FinderState(error=TAMPERED)
            state.answers[key] = chosen
        elif key == "step" and (len(values) != 1 or values[0] not in STEPS[:-1]):
            return FinderState(error=TAMPERED)

    requested = params.get("step")
    for flag in logic.red_flags:  # most urgent first: the first "yes" decides
        if state.flags.get(flag.slug) == YES:
            # "Change my answers" from a care card asks the safety step again.
            state.step = SAFETY if requested == SAFETY else CARE
            state.care_flag = flag
            return state

    furthest = RESULT
    for step in STEPS[:-1]:
        if not _step_complete(step, state, logic):
            furthest = step
            break
    state.step = furthest
    if requested in STEPS and STEPS.index(requested) < STEPS.index(furthest):
        state.step = requested
    elif furthest != RESULT and _step_started(furthest, state, logic):
        state.error = INCOMPLETE
    return state


def _step_keys(step: str, state: FinderState, logic: FinderLogic):
    if step == SAFETY:
        return [flag.slug for flag in logic.red_flags], state.flags
    return [q.slug for q in logic.step_questions(step)], state.answers


def _step_complete(step, state, logic) -> bool:
    keys, given = _step_keys(step, state, logic)
    return all(key in given for key in keys)


def _step_started(step, state, logic) -> bool:
    keys, given = _step_keys(step, state, logic)
    return any(key in given for key in keys)


@dataclass
class RankedCause:
    """A cause that matches, why (its fired rules' sentences) and what was chosen."""

    cause: Cause
    score: int = 0
    fired: list[CauseRule] = field(default_factory=list)
    guide: GuidePage | None = None

    @property
    def reasons(self) -> list[str]:
        return [rule.reason for rule in self.fired]

    @property
    def matched_answers(self) -> list[str]:
        return list(dict.fromkeys(rule.answer.label for rule in self.fired))


def rank_causes(
    answers: dict[str, list[str]], logic: FinderLogic, limit: int | None = MAX_CAUSES
) -> list[RankedCause]:
    """Every cause scoring above zero for these answers, best first (module doc)."""
    chosen = {(q, a) for q, slugs in answers.items() for a in slugs}
    slug_of = {q.pk: q.slug for q in logic.questions}
    ranked: dict[int, RankedCause] = {}
    for rule in logic.rules:
        if (slug_of.get(rule.answer.question_id), rule.answer.slug) not in chosen:
            continue
        cause = rule.profile.cause
        entry = ranked.setdefault(cause.pk, RankedCause(cause))
        entry.score += rule.weight
        entry.fired.append(rule)
    for entry in ranked.values():
        # sorted() is stable, so equal weights keep the editor's order.
        entry.fired.sort(key=lambda rule: -rule.weight)
    result = sorted(
        (entry for entry in ranked.values() if entry.score > 0),
        key=lambda e: (-e.score, e.cause.sort_order, e.cause.name),
    )
    return result[:limit] if limit else result


def attach_guides(ranked: list[RankedCause], logic: FinderLogic) -> None:
    """Each cause's guide: the one its rules name, if live, else the first live
    guide on the cause in the page tree. Two queries whatever the count."""
    chosen = {rule.profile.cause_id: rule.profile.guide_id for rule in logic.rules}
    cause_ids = [entry.cause.pk for entry in ranked]
    guides = list(
        GuidePage.objects.live()
        .public()
        .filter(causes__in=cause_ids)
        .order_by("path")
        .prefetch_related("causes")
        .distinct()
    )
    by_pk = {guide.pk: guide for guide in guides}
    for entry in ranked:
        entry.guide = by_pk.get(chosen.get(entry.cause.pk)) or next(
            (g for g in guides if entry.cause in g.causes.all()), None
        )


@dataclass
class RankedMethod:
    method: ReliefMethodPage
    score: int
    helps_with: list[Cause]


def rank_methods(
    ranked: list[RankedCause], limit: int = MAX_METHODS
) -> list[RankedMethod]:
    """Live relief methods for the matched causes, best first (module doc).
    `ranked` is every cause that scored, not only the ones shown."""
    scores = {entry.cause.pk: entry for entry in ranked}
    methods = (
        ReliefMethodPage.objects.live()
        .public()
        .filter(causes__in=list(scores))
        .prefetch_related("causes")
        .order_by("path")
        .distinct()
    )
    found = []
    for method in methods:
        matched = [scores[c.pk] for c in method.causes.all() if c.pk in scores]
        found.append(
            RankedMethod(
                method,
                sum(entry.score for entry in matched),
                [entry.cause for entry in ranked if entry in matched],
            )
        )
    found.sort(key=lambda item: -item.score)  # stable: ties keep the tree order
    return found[:limit]


def answer_labels(answers: dict[str, list[str]], logic: FinderLogic) -> list[str]:
    """The reader's answers in words, in question order, for "You told us"."""
    labels = []
    for question in logic.questions:
        picked = answers.get(question.slug, [])
        labels += [a.label for a in question.answers.all() if a.slug in picked]
    return labels
