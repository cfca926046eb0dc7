"""A live guide reads its methods, related guides, topics and sources once per
page-tree generation, and every change that alters them shows on the next view."""

import pytest

from guides.models import GuideReliefMethod, RelatedGuide, ReliefMethodProduct
from tests.page_views import view

from .factories import (
    CauseFactory,
    GuidePageFactory,
    ReliefMethodPageFactory,
    stocked_product,
)

pytestmark = pytest.mark.django_db

TREE_TABLES = (
    '"guides_guidereliefmethod"',
    '"guides_relatedguide"',
    '"guides_guidepage_causes"',
    '"guides_guidesource"',
)


def reads_any(sql: list[str], tables=TREE_TABLES) -> bool:
    """Whether any of these queries reads one of `tables`."""
    return any(table in query for query in sql for table in tables)


@pytest.fixture
def guide():
    heat = CauseFactory(slug="heat", name="Heat")
    page = GuidePageFactory(title="Night cramps")
    page.causes.add(heat)
    page.save()
    GuideReliefMethod.objects.create(
        page=page, method=ReliefMethodPageFactory(title="Warm compress"), sort_order=0
    )
    sharing = GuidePageFactory(title="Cramps in the heat")
    sharing.causes.add(heat)
    sharing.save()
    return page


def test_a_repeat_view_reads_none_of_them_from_the_database(guide):
    first, html = view(guide.url)
    assert reads_any(first)
    assert "Warm compress" in html and "Cramps in the heat" in html
    again, html_again = view(guide.url)
    assert not reads_any(again)
    assert "Warm compress" in html_again and "Cramps in the heat" in html_again
    assert html_again.count("Heat") == html.count("Heat")  # the cause chip


def test_a_published_change_shows_on_the_next_view(
    guide, django_capture_on_commit_callbacks
):
    view(guide.url)
    chosen = GuidePageFactory(title="Picked by the editor")
    guide.related_guide_links.add(RelatedGuide(guide=chosen, sort_order=0))
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    _, html = view(guide.url)
    assert "Picked by the editor" in html
    assert "Cramps in the heat" not in html


def test_unpublishing_a_method_takes_it_off_the_next_view(
    guide, django_capture_on_commit_callbacks
):
    view(guide.url)
    method = guide.method_links.get().method
    with django_capture_on_commit_callbacks(execute=True):
        method.unpublish()
    _, html = view(guide.url)
    assert "Warm compress" not in html


def test_a_renamed_cause_shows_on_the_next_view(guide):
    view(guide.url)
    cause = guide.causes.get()
    cause.name = "Heat and sweat"
    cause.save()
    _, html = view(guide.url)
    assert "Heat and sweat" in html


def test_a_preview_shows_its_own_links_not_the_cached_ones(guide):
    view(guide.url)
    draft = guide.get_latest_revision_as_object()
    chosen = GuidePageFactory(title="Only in the draft")
    draft.related_guide_links = [RelatedGuide(guide=chosen, sort_order=0)]
    html = draft.make_preview_request().content.decode()
    assert "Only in the draft" in html
    _, live = view(guide.url)
    assert "Only in the draft" not in live


def test_shop_this_guide_reads_its_methods_products_once_and_follows_changes(
    guide, django_capture_on_commit_callbacks
):
    """The methods' product links are kept with the guide's lookups: a repeat view
    reads none, and a product unpublished or newly linked shows on the next view."""
    method = guide.method_links.get().method
    wheat_bag = stocked_product("Wheat bag")
    method.suitable_products.add(ReliefMethodProduct(product=wheat_bag, sort_order=0))
    with django_capture_on_commit_callbacks(execute=True):
        method.save_revision().publish()
    first, html = view(guide.url)
    assert "Wheat bag" in html
    again, _ = view(guide.url)
    assert reads_any(first, ['"guides_reliefmethodproduct"'])
    assert not reads_any(again, ['"guides_reliefmethodproduct"'])

    roller = stocked_product("Foam roller")
    method.refresh_from_db()
    method.suitable_products.add(ReliefMethodProduct(product=roller, sort_order=1))
    with django_capture_on_commit_callbacks(execute=True):
        method.save_revision().publish()
    _, html = view(guide.url)
    assert "Wheat bag" in html and "Foam roller" in html

    with django_capture_on_commit_callbacks(execute=True):
        wheat_bag.unpublish()
    _, html = view(guide.url)
    assert "Wheat bag" not in html and "Foam roller" in html


METHOD_TREE_TABLES = (
    '"guides_reliefmethodproduct"',
    '"guides_reliefmethodpage_causes"',
    '"guides_reliefmethodsource"',
    '"guides_guideindexpage"',
)


@pytest.fixture
def method(guide):
    return guide.method_links.get().method


def test_a_method_reads_its_links_guides_and_topics_once(method):
    first, html = view(method.url)
    assert reads_any(first, METHOD_TREE_TABLES)
    assert "Night cramps" in html  # the guide recommending it
    again, html_again = view(method.url)
    assert not reads_any(again, METHOD_TREE_TABLES)
    assert "Night cramps" in html_again


def test_a_method_shows_a_newly_recommending_guide_on_the_next_view(
    method, django_capture_on_commit_callbacks
):
    view(method.url)
    recommending = GuidePageFactory(title="Cramps after running")
    recommending.method_links.add(GuideReliefMethod(method=method, sort_order=0))
    with django_capture_on_commit_callbacks(execute=True):
        recommending.save_revision().publish()
    _, html = view(method.url)
    assert "Cramps after running" in html


PRODUCT_TREE_TABLES = (
    '"catalogue_productgalleryimage"',
    '"catalogue_productspecification"',
    '"catalogue_productpage_body_areas"',
    '"guides_reliefmethodpage"',
)


def test_a_product_reads_its_links_gallery_and_specifications_once(method):
    product = stocked_product("Wheat bag")
    ReliefMethodProduct.objects.create(page=method, product=product, sort_order=0)
    first, html = view(product.url)
    assert reads_any(first, PRODUCT_TREE_TABLES)
    assert "Warm compress" in html  # the method recommending it
    again, html_again = view(product.url)
    assert not reads_any(again, PRODUCT_TREE_TABLES)
    assert "Warm compress" in html_again


def test_a_product_shows_a_newly_recommending_method_on_the_next_view(
    django_capture_on_commit_callbacks,
):
    product = stocked_product("Wheat bag")
    view(product.url)
    method = ReliefMethodPageFactory(title="Heat therapy")
    method.suitable_products.add(ReliefMethodProduct(product=product, sort_order=0))
    with django_capture_on_commit_callbacks(execute=True):
        method.save_revision().publish()
    _, html = view(product.url)
    assert "Heat therapy" in html
