"""Fragments a guide repeats (method cards, the comment form, the sign-up box) are
kept rendered in the `fragments` cache: per page where they name the page, and
never stale when what they show changes."""

from unittest import mock

import pytest

from guides.comments.forms import CommentForm
from guides.models import GuideReliefMethod

from .factories import GuidePageFactory, ReliefMethodPageFactory

pytestmark = pytest.mark.django_db


def test_a_renamed_method_shows_on_the_guide_that_links_it(client):
    method = ReliefMethodPageFactory(title="Calf stretch", teaser="Against the wall.")
    guide = GuidePageFactory()
    GuideReliefMethod.objects.create(page=guide, method=method, sort_order=0)
    guide.save_revision().publish()
    assert "Calf stretch" in client.get(guide.url).content.decode()

    method.title, method.teaser = "Wall calf stretch", "Hands on the wall, heel down."
    method.save_revision().publish()
    html = client.get(guide.url).content.decode()
    assert "Wall calf stretch" in html and "Hands on the wall, heel down." in html
    assert "Against the wall." not in html


def test_each_page_has_its_own_comment_form_and_sign_up_source(client):
    first, second = GuidePageFactory(), GuidePageFactory()
    for guide in (first, second, first):  # the first again: now from the cache
        html = client.get(guide.url).content.decode()
        assert f'action="/comments/{guide.pk}/"' in html
        assert f'name="source" value="{guide.url}"' in html
        other = second if guide is first else first
        assert f'action="/comments/{other.pk}/"' not in html


def test_a_kept_comment_form_is_not_built_again(client):
    """The empty form's fields are made only when its fragment is rendered."""
    guide = GuidePageFactory()
    client.get(guide.url)
    with mock.patch.object(
        CommentForm, "__init__", autospec=True, side_effect=CommentForm.__init__
    ) as built:
        html = client.get(f"{guide.url}?again=1").content.decode()
    assert built.call_count == 0
    assert 'name="text"' in html
