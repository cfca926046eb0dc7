import datetime

import pytest

from guides.models import (
    GuideReliefMethod,
    RelatedGuide,
    ReliefMethodProduct,
)
from home.models import SiteSettings
from tests.factories import BodyAreaFactory

from .factories import (
    CauseFactory,
    ContributorFactory,
    GuidePageFactory,
    ReliefMethodPageFactory,
    paragraph,
    stocked_product,
)


def link_products(method, products, note="Why it helps"):
    for order, product in enumerate(products):
        ReliefMethodProduct.objects.create(
            page=method, product=product, note=f"{note} {order}", sort_order=order
        )


@pytest.mark.django_db
def test_guide_shows_disclaimer_reviewer_date_and_reading_time(client):
    reviewer = ContributorFactory(name="Dr Ada Lind", job_title="Neurologist")
    guide = GuidePageFactory(
        medical_reviewer=reviewer,
        last_reviewed=datetime.date(2026, 3, 4),
        body=[paragraph("word " * 450)],
    )
    SiteSettings.objects.update_or_create(
        site_id=guide.get_site().pk,
        defaults={"medical_disclaimer": "Education only, see your doctor."},
    )
    html = client.get(guide.url).content.decode()
    assert "Education only, see your doctor." in html
    assert "Medically reviewed by <strong>Dr Ada Lind</strong>, Neurologist" in html
    assert '<time datetime="2026-03-04">4 March 2026</time>' in html
    # 450 body words plus title and teaser at 200 words a minute: three minutes.
    guide.refresh_from_db()
    assert guide.reading_minutes == 3
    assert "3 min read" in html


@pytest.mark.django_db
def test_related_guides_are_the_editors_choice_when_given(client):
    calf = BodyAreaFactory(slug="calf", name="Calf")
    guide = GuidePageFactory(title="Night cramps")
    guide.body_areas.add(calf)
    guide.save()
    sharing = GuidePageFactory(title="Shares the calf")
    sharing.body_areas.add(calf)
    sharing.save()
    chosen = GuidePageFactory(title="Picked by the editor")

    assert [g.title for g in guide.related_guides()] == ["Shares the calf"]

    RelatedGuide.objects.create(page=guide, guide=chosen, sort_order=0)
    assert [g.title for g in guide.related_guides()] == ["Picked by the editor"]
    assert "Picked by the editor" in client.get(guide.url).content.decode()


@pytest.mark.django_db
def test_derived_related_guides_rank_by_shared_causes_and_areas():
    calf = BodyAreaFactory(slug="calf", name="Calf")
    heat = CauseFactory(slug="heat")
    guide = GuidePageFactory()
    guide.body_areas.add(calf)
    guide.causes.add(heat)
    guide.save()
    one = GuidePageFactory(title="One shared")
    one.causes.add(heat)
    one.save()
    two = GuidePageFactory(title="Two shared")
    two.causes.add(heat)
    two.body_areas.add(calf)
    two.save()
    GuidePageFactory(title="Nothing shared")
    unpublished = GuidePageFactory(title="Draft", live=False)
    unpublished.causes.add(heat)
    unpublished.save()

    assert [g.title for g in guide.related_guides()] == ["Two shared", "One shared"]


def restrict(page):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


@pytest.mark.django_db
def test_derived_related_guides_leave_private_guides_out(client):
    heat = CauseFactory(slug="heat")
    guide = GuidePageFactory()
    guide.causes.add(heat)
    guide.save()
    for title in ("Open to all", "Members only"):
        sharing = GuidePageFactory(title=title)
        sharing.causes.add(heat)
        sharing.save()
    restrict(sharing)

    html = client.get(guide.url).content.decode()
    assert "Open to all" in html
    assert "Members only" not in html


@pytest.mark.django_db
def test_a_method_lists_only_public_guides_recommending_it(client, guides_index):
    method = ReliefMethodPageFactory()
    for title in ("Open to all", "Members only"):
        guide = GuidePageFactory(title=title)
        GuideReliefMethod.objects.create(page=guide, method=method, sort_order=0)
    restrict(guide)

    html = client.get(method.url).content.decode()
    assert "Open to all" in html
    assert "Members only" not in html

    # A restricted guide index makes every guide under it private.
    restrict(guides_index)
    assert "Open to all" not in client.get(method.url).content.decode()


@pytest.mark.django_db
def test_shop_this_guide_dedupes_puts_in_stock_first_and_stops_at_six(client):
    stretching = ReliefMethodPageFactory(title="Stretching")
    massage = ReliefMethodPageFactory(title="Massage")
    sold_out = stocked_product("Sold-out roller", on_hand=0)
    shared = stocked_product("Shared strap")
    others = [stocked_product(f"Ball {n}") for n in range(6)]
    link_products(stretching, [sold_out, shared])
    link_products(massage, [shared, *others])
    guide = GuidePageFactory()
    GuideReliefMethod.objects.create(page=guide, method=stretching, sort_order=0)
    GuideReliefMethod.objects.create(page=guide, method=massage, sort_order=1)

    cards = guide.shop_products(client.get("/").wsgi_request)

    titles = [card.product.title for card in cards]
    assert titles == ["Shared strap", "Ball 0", "Ball 1", "Ball 2", "Ball 3", "Ball 4"]
    html = client.get(guide.url).content.decode()
    assert "Shop this guide" in html
    assert html.count('name="variant"') >= 6


@pytest.mark.django_db
def test_shop_this_guide_shows_sold_out_products_last_when_room():
    method = ReliefMethodPageFactory()
    link_products(method, [stocked_product("Gone", on_hand=0), stocked_product("Here")])
    guide = GuidePageFactory()
    GuideReliefMethod.objects.create(page=guide, method=method, sort_order=0)
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    titles = [card.product.title for card in guide.shop_products(request)]
    assert titles == ["Here", "Gone"]


@pytest.mark.django_db
def test_relief_method_lists_products_with_notes_price_stock_and_cart_button(client):
    method = ReliefMethodPageFactory(title="Self-massage")
    roller = stocked_product("Foam roller", price="29.90", on_hand=3)
    ball = stocked_product("Massage ball", on_hand=0)
    link_products(method, [roller, ball], note="Reaches the knot")

    html = client.get(method.url).content.decode()

    assert html.index("Foam roller") < html.index("Massage ball")
    assert "Reaches the knot 0" in html and "Reaches the knot 1" in html
    assert "€29.90" in html
    assert "Only 3 left" in html and "Out of stock" in html
    # Only the product that can be bought offers an add-to-cart button.
    assert html.count("Add to cart<") == 1
    assert f'name="variant" value="{roller.variants.get().pk}"' in html


@pytest.mark.django_db
def test_relief_method_without_products_says_so_gracefully(client):
    method = ReliefMethodPageFactory(
        title="Walking it off", no_products_text="Only your feet are needed."
    )
    response = client.get(method.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "No equipment needed" in html
    assert "Only your feet are needed." in html
    assert "Add to cart" not in html


@pytest.mark.django_db
def test_unpublished_products_never_appear_on_a_method(client):
    method = ReliefMethodPageFactory()
    hidden = stocked_product("Withdrawn mat")
    hidden.unpublish()
    link_products(method, [hidden])
    html = client.get(method.url).content.decode()
    assert "Withdrawn mat" not in html
    assert "No equipment needed" in html


@pytest.mark.django_db
def test_product_reverse_relation_lists_relief_methods_without_importing_guides():
    method = ReliefMethodPageFactory(title="Warm compress")
    pack = stocked_product("Heat pack")
    link_products(method, [pack])
    assert [link.page.title for link in pack.relief_method_links.all()] == [
        "Warm compress"
    ]


@pytest.mark.django_db
def test_relief_method_block_renders_method_with_top_products(client):
    method = ReliefMethodPageFactory(title="Stretching")
    link_products(method, [stocked_product(f"Strap {n}") for n in range(4)])
    guide = GuidePageFactory(
        body=[
            {
                "type": "relief_method",
                "value": {"method": method.pk, "product_count": 2},
            }
        ]
    )
    html = client.get(guide.url).content.decode()
    block = html[html.index('class="method-link"') :]
    block = block[: block.index("</section>")]
    assert "Strap 0" in block and "Strap 1" in block and "Strap 2" not in block
