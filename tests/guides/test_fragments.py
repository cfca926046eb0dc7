"""Fragments a guide repeats (method cards, the comment form, the sign-up box) are
kept rendered in the `fragments` cache: per page where they name the page, and
never stale when what they show changes."""

import pytest

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
