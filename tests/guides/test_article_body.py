"""A live guide's or relief method's body is kept rendered in each process, under
its live revision, the page-tree generation and the card figures of the products
it shows (guides/article_body.py): a repeat view renders no block, and every change
to what the body shows is on the next view."""

from unittest import mock

import pytest

from guides.models import ReliefMethodProduct
from shop.inventory.services import adjust_stock
from tests.page_views import view

from .factories import (
    GuidePageFactory,
    ReliefMethodPageFactory,
    paragraph,
    stocked_product,
)

pytestmark = pytest.mark.django_db


def product_block(product, note: str = "Warms a stiff calf.") -> dict:
    return {"type": "product", "value": {"product": product.pk, "note": note}}


def block_renders():
    """Counts the body's blocks rendered (through `{% include_block %}`)."""
    from wagtail.blocks import StreamValue

    return mock.patch.object(
        StreamValue.StreamChild,
        "render_as_block",
        autospec=True,
        side_effect=StreamValue.StreamChild.render_as_block,
    )


@pytest.fixture
def product():
    return stocked_product("Wheat bag", on_hand=10)


@pytest.fixture
def guide(product, django_capture_on_commit_callbacks):
    page = GuidePageFactory(
        title="Night cramps",
        body=[paragraph("Stretch the calf before bed."), product_block(product)],
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_repeat_view_renders_no_block_and_shows_the_same_body(guide):
    _, first = view(guide.url)
    assert "Stretch the calf before bed." in first and "Wheat bag" in first
    with block_renders() as rendered:
        _, again = view(guide.url)
    assert rendered.call_count == 0
    assert again == first


def test_a_badge_that_flips_shows_at_once_without_a_publish(guide, product):
    _, html = view(guide.url)
    assert "In stock" in html
    adjust_stock(variant_id=product.variants.get().pk, delta=-10, reason="damaged")
    with block_renders() as rendered:
        _, html = view(guide.url)
    assert rendered.call_count > 0
    assert "Out of stock" in html and "In stock" not in html


def test_a_new_revision_shows_at_once(guide, django_capture_on_commit_callbacks):
    view(guide.url)
    guide.body = [paragraph("Drink before a long walk."), *list(guide.body.raw_data)]
    with django_capture_on_commit_callbacks(execute=True):
        guide.save_revision().publish()
    _, html = view(guide.url)
    assert "Drink before a long walk." in html


def test_a_renamed_product_shows_at_once(
    guide, product, django_capture_on_commit_callbacks
):
    view(guide.url)
    product.title = "Lavender wheat bag"
    with django_capture_on_commit_callbacks(execute=True):
        product.save_revision().publish()
    _, html = view(guide.url)
    assert "Lavender wheat bag" in html


def test_a_draft_and_a_preview_never_reach_the_kept_body(guide, settings):
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    # Read the live page on the host a preview renders for, so both would share
    # a key if previews were kept.
    reader = Client(HTTP_HOST=guide.get_site().hostname)
    live = reader.get(guide.url).content.decode()
    guide.body = [paragraph("Only in the draft."), *list(guide.body.raw_data)]
    guide.save_revision()  # a draft: the live page is unchanged
    preview = guide.get_latest_revision_as_object().make_preview_request()
    assert "Only in the draft." in preview.content.decode()
    after = reader.get(guide.url).content.decode()
    assert "Only in the draft." not in after
    assert after == live


def test_each_host_keeps_its_own_body(guide, settings):
    settings.ALLOWED_HOSTS = ["*"]
    from django.test import Client

    with block_renders() as rendered:
        Client().get(guide.url)
        Client(HTTP_HOST="example.org").get(guide.url)
    assert rendered.call_count == 2 * len(guide.body)


def test_a_method_body_keeps_its_linked_products_figures(
    django_capture_on_commit_callbacks,
):
    """A relief method's body: a method link block shows the linked method's
    products, whose badges are part of the key too."""
    roller = stocked_product("Foam roller", on_hand=10)
    linked = ReliefMethodPageFactory(title="Rolling")
    linked.suitable_products.add(ReliefMethodProduct(product=roller, sort_order=0))
    with django_capture_on_commit_callbacks(execute=True):
        linked.save_revision().publish()
    page = ReliefMethodPageFactory(
        title="Massage",
        body=[
            paragraph("Knead the muscle."),
            {
                "type": "relief_method",
                "value": {"method": linked.pk, "product_count": 3},
            },
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    _, html = view(page.url)
    assert "Foam roller" in html and "In stock" in html
    adjust_stock(variant_id=roller.variants.get().pk, delta=-10, reason="damaged")
    _, html = view(page.url)
    assert "Out of stock" in html
