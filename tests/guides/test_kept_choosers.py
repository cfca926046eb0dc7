"""Pages and snippets a guide's blocks chose are kept with the page tree while
readers are served (home.blocks.KeptChooserMixin): a repeat view reads none of
them, every published change shows on the next view, and the admin still reads
them afresh."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from guides.models import Cause
from home.blocks import KeptSnippetChooserBlock
from home.tree_cache import serving_readers
from tests.page_views import reads_table, view

from .factories import GuidePageFactory, ReliefMethodPageFactory, red_flag

pytestmark = pytest.mark.django_db


@pytest.fixture
def method():
    return ReliefMethodPageFactory(title="Warm compress", teaser="Heat loosens it.")


@pytest.fixture
def guide(method):
    return GuidePageFactory(
        title="Night cramps",
        body=[
            red_flag(),
            {
                "type": "relief_method",
                "value": {"method": method.pk, "product_count": 0},
            },
            {
                "type": "related_reading",
                "value": {"heading": "Read next", "pages": [method.pk, method.pk]},
            },
        ],
    )


def test_a_repeat_view_reads_no_chosen_page(guide):
    first, html = view(guide.url)
    assert reads_table(first, "guides_reliefmethodpage")
    again, html_again = view(guide.url)
    assert not reads_table(again, "guides_reliefmethodpage")
    assert "Heat loosens it." in html_again
    assert html_again.count("Warm compress") == html.count("Warm compress") > 1


def test_a_published_rename_of_the_chosen_page_shows_on_the_next_view(
    guide, method, django_capture_on_commit_callbacks
):
    view(guide.url)
    method.title = "Warm wheat bag"
    with django_capture_on_commit_callbacks(execute=True):
        method.save_revision().publish()
    _, html = view(guide.url)
    assert "Warm wheat bag" in html
    assert "Warm compress" not in html


def test_an_unpublished_chosen_page_leaves_the_next_view(
    guide, method, django_capture_on_commit_callbacks
):
    view(guide.url)
    with django_capture_on_commit_callbacks(execute=True):
        method.unpublish()
    _, html = view(guide.url)
    assert "Heat loosens it." not in html


def test_a_draft_title_is_never_kept_for_the_admin(guide, method):
    """Draft saves start no new generation: the admin must read choosers afresh."""
    with serving_readers():
        list(guide.body)  # keeps the chosen method for readers
    method.title = "Draft title"
    method.save_revision()
    fresh = type(guide).objects.get(pk=guide.pk)
    chosen = [
        block.value["method"]
        for block in fresh.body
        if block.block_type == "relief_method"
    ]
    assert chosen[0].draft_title == "Draft title"


def test_a_snippet_chooser_needs_a_model_that_changes_with_the_tree(guide):
    assert Cause  # registered in guides.apps, so its chooser may keep rows
    unregistered = KeptSnippetChooserBlock("wagtailcore.Locale")
    with serving_readers(), pytest.raises(ImproperlyConfigured):
        unregistered.bulk_to_python([1])
