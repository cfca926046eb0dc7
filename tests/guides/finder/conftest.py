"""The finder with the demo's logic: causes from the guides' demo data, and the
finder's red flags, questions and cause rules from its own data file."""

import io

import pytest

from guides.demo import ensure_causes
from guides.finder import demo
from guides.finder.engine import FinderLogic
from guides.finder.models import FinderPage
from home.demo import data_files

ALL_CLEAR = {
    "rf-chest-pain": "no",
    "rf-swollen-calf": "no",
    "rf-weakness-numbness": "no",
    "rf-wound-or-toxin": "no",
    "rf-long-cramp": "no",
}
NIGHT_AND_EXERCISE = [
    *ALL_CLEAR.items(),
    ("area", "calf"),
    ("when", "night"),
    ("when", "exercise"),
    ("often", "weekly"),
    ("length", "minutes"),
]


def load_demo_logic() -> None:
    data = data_files.read_yaml(demo.DATA)
    ensure_causes()
    review = {"medical_reviewer": None, "last_reviewed": None}
    demo.ensure_red_flags(data["red_flags"], review)
    answers = demo.ensure_questions(data["questions"], review)
    demo.ensure_cause_rules(data["causes"], answers, review)


@pytest.fixture
def logic(db) -> FinderLogic:
    load_demo_logic()
    return FinderLogic()


@pytest.fixture
def finder_page(db, home_page) -> FinderPage:
    load_demo_logic()
    spec = data_files.read_yaml(demo.DATA)["page"]
    return demo.ensure_page(spec, io.StringIO())
