"""Reading answers from a query string and ranking causes and methods."""

import pytest
from django.http import QueryDict
from django.utils.http import urlencode

from guides.finder import engine
from guides.finder.models import CauseProfile, CauseRule, FinderAnswer, RedFlag
from tests.guides.factories import CauseFactory, ReliefMethodPageFactory

from .conftest import ALL_CLEAR, NIGHT_AND_EXERCISE


def query(pairs) -> QueryDict:
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return QueryDict(urlencode(list(items)))


def test_a_blank_visit_starts_with_the_safety_questions(logic):
    state = engine.parse(query({}), logic)
    assert state.step == engine.SAFETY and state.is_blank and not state.error


@pytest.mark.parametrize(
    "flag",
    ["chest-pain", "swollen-calf", "weakness-numbness", "wound-or-toxin", "long-cramp"],
)
def test_every_red_flag_answered_yes_stops_the_finder_on_its_care_card(logic, flag):
    # Every later answer present: the flag still wins over a finished result.
    pairs = [
        (key, "yes" if key == f"rf-{flag}" else value)
        for key, value in NIGHT_AND_EXERCISE
    ]
    state = engine.parse(query(pairs), logic)
    assert state.step == engine.CARE
    assert state.care_flag.slug == flag


def test_the_most_urgent_yes_decides_even_when_others_are_unanswered(logic):
    state = engine.parse(query({"rf-long-cramp": "yes", "rf-chest-pain": "yes"}), logic)
    assert state.care_flag.slug == "chest-pain"
    assert state.care_flag.disposition == "emergency"


def test_changing_answers_from_a_care_card_shows_the_safety_step_again(logic):
    pairs = {**ALL_CLEAR, "rf-swollen-calf": "yes", "step": "safety"}
    state = engine.parse(query(pairs), logic)
    assert state.step == engine.SAFETY and state.flags["swollen-calf"] == "yes"
    # Without the step, the same answers end on the care card again.
    del pairs["step"]
    assert engine.parse(query(pairs), logic).step == engine.CARE


def test_red_flags_are_asked_most_urgent_first(logic):
    dispositions = [flag.disposition for flag in logic.red_flags]
    assert dispositions == ["emergency", "urgent", "urgent", "urgent", "soon"]


def test_all_clear_moves_on_to_where_then_when_then_result(logic):
    assert engine.parse(query(ALL_CLEAR), logic).step == engine.WHERE
    assert engine.parse(query({**ALL_CLEAR, "area": "calf"}), logic).step == "when"
    assert engine.parse(query(NIGHT_AND_EXERCISE), logic).step == engine.RESULT


def test_a_half_answered_step_is_shown_again_with_its_answers_and_a_message(logic):
    state = engine.parse(query({"rf-chest-pain": "no"}), logic)
    assert state.step == engine.SAFETY
    assert state.error == engine.INCOMPLETE
    assert state.flags == {"chest-pain": "no"}


def test_going_back_to_an_earlier_step_keeps_every_answer(logic):
    state = engine.parse(query([*NIGHT_AND_EXERCISE, ("step", "where")]), logic)
    assert state.step == engine.WHERE and not state.error
    assert state.answers["when"] == ["night", "exercise"]
    # A step further than the answers reach cannot be jumped to.
    ahead = engine.parse(query({**ALL_CLEAR, "step": "when"}), logic)
    assert ahead.step == engine.WHERE


@pytest.mark.parametrize(
    "junk",
    [
        {"area": "elbow"},
        {"rf-chest-pain": "maybe"},
        [("rf-chest-pain", "no"), ("rf-chest-pain", "yes")],
        [("area", "calf"), ("area", "neck")],  # one answer only
        {"step": "result"},
        {"step": "<script>"},
        {"when": "night\x00"},
        {"area": "x" * 5000},
    ],
)
def test_tampered_answers_start_again_with_a_message_and_nothing_kept(logic, junk):
    pairs = junk.items() if isinstance(junk, dict) else junk
    state = engine.parse(query([*ALL_CLEAR.items(), *pairs]), logic)
    assert state.step == engine.SAFETY
    assert state.error == engine.TAMPERED
    assert state.is_blank


def test_unknown_keys_such_as_campaign_tags_are_ignored(logic):
    state = engine.parse(query([*NIGHT_AND_EXERCISE, ("utm_source", "x")]), logic)
    assert state.step == engine.RESULT and not state.error


def test_a_repeated_answer_counts_once(logic):
    state = engine.parse(query([*NIGHT_AND_EXERCISE, ("when", "night")]), logic)
    assert state.answers["when"] == ["night", "exercise"]


def ranking(logic, pairs, limit=engine.MAX_CAUSES):
    answers = engine.parse(query(pairs), logic).answers
    return engine.rank_causes(answers, logic, limit=limit)


def test_demo_calf_at_night_after_exercise_ranks_circulation_then_dehydration(logic):
    ranked = ranking(logic, NIGHT_AND_EXERCISE)
    assert [(r.cause.slug, r.score) for r in ranked] == [
        ("poor-circulation", 5),  # night 3 + calf 2
        ("dehydration", 4),  # exercise 3 + calf 1
        ("poor-recovery", 3),  # night 2 + exercise 1
    ]
    # The reasons are the fired rules' own sentences, strongest first.
    assert ranked[0].reasons == [
        rule.reason
        for rule in CauseRule.objects.filter(
            profile__cause__slug="poor-circulation",
            answer__slug__in=["night", "calf"],
        ).order_by("-weight")
    ]
    assert ranked[0].matched_answers == ["At night or in bed", "Calf"]


def test_demo_neck_with_stress_at_the_desk(logic):
    pairs = [
        *ALL_CLEAR.items(),
        ("area", "neck"),
        ("when", "stress"),
        ("when", "sitting"),
        ("often", "daily"),
        ("length", "longer"),
    ]
    assert [r.cause.slug for r in ranking(logic, pairs)] == [
        "stress",  # stress 3 + neck 2
        "posture-and-sitting",  # sitting 3 + neck 1 = 4, sorts after by cause order
        "nerve-compression",  # neck 2 + longer 1
    ]


def test_demo_pregnancy_comes_first_when_it_is_ticked(logic):
    pairs = [*NIGHT_AND_EXERCISE, ("when", "pregnancy")]
    ranked = ranking(logic, pairs)
    assert ranked[0].cause.slug == "pregnancy"


def test_ties_go_to_the_cause_sort_order_then_the_name(logic):
    """Two causes with equal scores: the one editors sort first wins."""
    first, second = CauseFactory(sort_order=1), CauseFactory(sort_order=2)
    answer = FinderAnswer.objects.get(question__slug="area", slug="foot")
    CauseProfile.objects.filter(cause__in=[first, second]).delete()
    for cause in (second, first):
        profile = CauseProfile.objects.create(cause=cause)
        CauseRule.objects.create(profile=profile, answer=answer, weight=9, reason="x")
    ranked = ranking(logic, [*ALL_CLEAR.items(), ("area", "foot")], limit=None)
    assert [r.cause for r in ranked[:2]] == [first, second]


def test_negative_weights_can_rule_a_cause_out(logic):
    answer = FinderAnswer.objects.get(question__slug="when", slug="exercise")
    profile = CauseProfile.objects.get(cause__slug="poor-circulation")
    CauseRule.objects.create(profile=profile, answer=answer, weight=-10, reason="x")
    slugs = [r.cause.slug for r in ranking(engine.FinderLogic(), NIGHT_AND_EXERCISE)]
    assert "poor-circulation" not in slugs


def test_no_answers_rank_nothing(logic):
    assert engine.rank_causes({}, logic) == []


def test_methods_rank_by_the_scores_of_the_causes_they_address(logic, methods_index):
    from guides.models import Cause

    causes = {cause.slug: cause for cause in Cause.objects.all()}
    both = ReliefMethodPageFactory(parent=methods_index, title="Both")
    both.causes.set([causes["dehydration"], causes["poor-recovery"]])
    one = ReliefMethodPageFactory(parent=methods_index, title="One")
    one.causes.set([causes["poor-circulation"]])
    tied = ReliefMethodPageFactory(parent=methods_index, title="Tied, later")
    tied.causes.set([causes["poor-circulation"]])
    unrelated = ReliefMethodPageFactory(parent=methods_index, title="Unrelated")
    unrelated.causes.set([causes["stress"]])
    for page in (both, one, tied, unrelated):
        page.save_revision().publish()
    ranked = ranking(logic, NIGHT_AND_EXERCISE, limit=None)
    methods = engine.rank_methods(ranked)
    assert [(m.method.title, m.score) for m in methods] == [
        ("Both", 7),
        ("One", 5),
        ("Tied, later", 5),  # equal score: page-tree order
    ]
    assert methods[0].helps_with == [causes["dehydration"], causes["poor-recovery"]]


def test_a_red_flag_slug_is_its_query_key(logic):
    assert RedFlag.objects.get(slug="chest-pain").param == "rf-chest-pain"
