"""The demo site that `make run` loads: complete, idempotent, usable by every role.

Building it takes many seconds (pictures, revisions, search index), so this module
builds it once for all its tests, inside a transaction that is rolled back when the
module ends, and runs the command a second time straight away to prove it idempotent.
Each test then runs in its own savepoint, as usual, and sees the demo as `make run`
leaves it.
"""

from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import Page

from config.demo.users import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    DEMO_SHOPPER_EMAIL,
    DEMO_SHOPPER_PASSWORD,
    DEMO_STAFF,
    DEMO_STAFF_PASSWORD,
)
from config.management.commands.runserver import welcome_block
from guides.demo import content as guide_content
from guides.finder.models import CauseRule, FinderAnswer, RedFlag
from guides.models import Cause, GuidePage, ReliefMethodPage
from guides.models.common import missing_for_publishing
from home.models import BodyArea
from shop.catalogue.cards import card_products
from shop.catalogue.models import (
    ProductCategoryPage,
    ProductPage,
    ProductVariant,
)
from shop.discounts.models import DiscountCode
from shop.inventory.models import StockLevel, StockMovement
from shop.orders.models import Order
from tests.guides.factories import stocked_product

README = Path(__file__).resolve().parents[1] / "README.md"

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    """Everything a second run could duplicate."""
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "users": get_user_model().objects.count(),
        "categories": ProductCategoryPage.objects.count(),
        "products": ProductPage.objects.count(),
        "variants": ProductVariant.objects.count(),
        "stock movements": StockMovement.objects.count(),
        "body areas": BodyArea.objects.count(),
        "causes": Cause.objects.count(),
        "orders": Order.objects.count(),
        "finder red flags": RedFlag.objects.count(),
        "finder answers": FinderAnswer.objects.count(),
        "finder rules": CauseRule.objects.count(),
        "discount codes": DiscountCode.objects.count(),
    }


@dataclass(frozen=True)
class DemoRuns:
    first: dict[str, int]
    second: dict[str, int]


# As in development (`make run`): the demo places its paid orders through the local
# test payment provider, which only runs with DEBUG on and no Stripe key.
AS_IN_DEVELOPMENT = override_settings(
    DEBUG=True,
    STRIPE_SECRET_KEY="",
    SHOP_TEST_PAYMENTS=True,
    SHOP_TEST_PAYMENTS_WEBHOOK_SECRET="whsec_local_demo",
)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """`load_demo` twice, kept for this module's tests, then rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        with AS_IN_DEVELOPMENT:
            call_command("load_demo", stdout=StringIO())
            first = counts()
            call_command("load_demo", stdout=StringIO())
            second = counts()
        yield DemoRuns(first, second)
        transaction.set_rollback(True)
    # Wagtail caches site root paths; they described the rolled-back demo.
    for cache in caches.all():
        cache.clear()


# --- the command -----------------------------------------------------------------


def test_a_second_run_duplicates_nothing(demo):
    assert demo.second == demo.first
    assert demo.first["orders"] == 3  # the paid demo orders for the staff screens


def test_the_demo_has_the_live_code_make_run_prints(client, demo):
    assert demo.first["discount codes"] == 1
    code = DiscountCode.objects.get(code="CALM10")
    assert code.is_active and code.categories.count() == code.products.count() == 0
    assert "Code       CALM10 (10 % off, on items from €20)" in welcome_block(
        "http://127.0.0.1:8000/"
    )


def test_the_admin_logs_in_with_the_readme_credentials(client):
    assert client.login(username=DEMO_ADMIN_USERNAME, password=DEMO_ADMIN_PASSWORD)
    assert client.get("/admin/").status_code == 200
    readme = README.read_text()
    assert DEMO_ADMIN_USERNAME in readme and DEMO_ADMIN_PASSWORD in readme


def test_each_role_has_a_demo_user_who_can_log_in():
    for username, group_name, *_ in DEMO_STAFF:
        client = Client()
        assert client.login(username=username, password=DEMO_STAFF_PASSWORD)
        assert client.get("/admin/").status_code == 200
        group = Group.objects.get(name=group_name)
        assert group.user_set.filter(username=username).exists()


def test_the_demo_shopper_logs_in_by_email_and_finds_their_order():
    client = Client()
    response = client.post(
        "/account/login/",
        {"login": DEMO_SHOPPER_EMAIL, "password": DEMO_SHOPPER_PASSWORD},
    )

    assert response.status_code == 302
    order = Order.objects.get(email=DEMO_SHOPPER_EMAIL)
    assert order.user.email == DEMO_SHOPPER_EMAIL
    assert order.reference in client.get("/account/").content.decode()
    readme = README.read_text()
    assert DEMO_SHOPPER_EMAIL in readme and DEMO_SHOPPER_PASSWORD in readme


# --- guides ----------------------------------------------------------------------


def test_the_guides_match_the_brief():
    assert GuidePage.objects.live().count() >= 8
    assert ReliefMethodPage.objects.live().count() >= 8
    assert Cause.objects.count() == len(guide_content.taxonomy()["causes"]) >= 12
    for guide in GuidePage.objects.live():
        kinds = {block.block_type for block in guide.body}
        assert {"red_flag", "question"} <= kinds, guide.slug
        assert guide.hero_image and guide.medical_reviewer and guide.last_reviewed
        assert guide.causes.exists() and guide.body_areas.exists()
        assert guide.method_links.exists() and guide.sources.exists()
    stretching = ReliefMethodPage.objects.get(slug="stretching")
    assert [link.product.title for link in stretching.suitable_products.all()] == [
        "Stretching strap with loops",
        "Stretch and yoga mat",
    ]
    for method in ReliefMethodPage.objects.exclude(
        slug__in=["walking-it-off", "hydration-and-electrolytes"]
    ):
        assert method.suitable_products.exists(), method.slug
    walking = ReliefMethodPage.objects.get(slug="walking-it-off")
    assert not walking.suitable_products.exists() and walking.no_products_text


def test_every_live_guide_and_method_shows_red_flags_before_any_product(client):
    """Walks the rendered pages: no product card may come before the first red flag."""
    pages = [*GuidePage.objects.live(), *ReliefMethodPage.objects.live()]
    assert len(pages) >= 16
    for page in pages:
        html = BeautifulSoup(client.get(page.url).content, "html.parser")
        marked = html.select("[data-red-flag], .product-card")
        assert marked, page.url
        assert marked[0].has_attr("data-red-flag"), page.url
        assert not missing_for_publishing(page.specific, page.specific.TRUST_FIELDS)


def test_a_product_added_later_is_linked_on_the_next_run():
    stocked_product("Electrolyte tablets")
    call_command("load_demo", stdout=StringIO())
    hydration = ReliefMethodPage.objects.get(slug="hydration-and-electrolytes")
    assert [link.product.title for link in hydration.suitable_products.all()] == [
        "Electrolyte tablets"
    ]
    stretching = ReliefMethodPage.objects.get(slug="stretching")
    assert stretching.suitable_products.count() == 2
    assert GuidePage.objects.count() == len(guide_content.guides())


def test_the_reader_journey_pages_render(client):
    home = client.get("/").content.decode()
    assert "Start here" in home and "What helps" in home
    guide = client.get("/guides/night-leg-cramps/").content.decode()
    assert "See a doctor if…" in guide and "Anonymous customer asks" in guide
    assert 'href="/relief/self-massage/"' in guide
    method = client.get("/relief/self-massage/").content.decode()
    assert "Smooth foam roller" in method and "Add to cart" in method
    assert client.get("/relief/walking-it-off/").status_code == 200
    assert client.get("/guides/?area=calf").status_code == 200


def test_the_finder_is_reached_from_home_and_every_cause_has_rules_and_a_guide(
    client,
):
    from guides.finder.models import CauseProfile

    assert 'href="/finder/"' in client.get("/").content.decode()
    assert "First, a few safety questions" in client.get("/finder/").content.decode()
    profiles = CauseProfile.objects.select_related("guide")
    assert profiles.count() == Cause.objects.count()
    assert all(p.guide and p.guide.live and p.rules.exists() for p in profiles)
    assert not RedFlag.objects.filter(medical_reviewer=None).exists()


# --- catalogue and stock -----------------------------------------------------------


def test_the_catalogue_is_complete(demo):
    assert demo.first["categories"] == 7
    assert demo.first["products"] >= 16
    # Everything is listed in the shop (rendering it is the browser tests' job).
    every_product = ProductPage.objects.values_list("pk", flat=True)
    assert len(card_products(every_product)) == demo.first["products"]
    assert list(BodyArea.objects.values_list("slug", flat=True)) == [
        "neck",
        "upper-back",
        "lower-back",
        "arm-hand",
        "thigh",
        "calf",
        "foot",
    ]
    for product in ProductPage.objects.all():
        assert 1 <= product.variants.count() <= 4, product.title
        assert product.gallery_images.exists(), product.title
        assert product.body_areas.exists(), product.title
        assert product.live


def test_every_unit_of_stock_is_explained_by_the_ledger():
    levels = StockLevel.objects.all()
    assert levels.exists()
    for level in levels:
        assert level.on_hand == sum(
            level.movements.values_list("delta_on_hand", flat=True)
        )


def test_stock_and_prices_show_every_badge_a_shopper_can_meet():
    available = [level.available for level in StockLevel.objects.all()]
    assert available.count(0) >= 1  # "Out of stock"
    assert sum(1 for units in available if 0 < units <= 5) >= 2  # "Only n left"
    prices = ProductVariant.objects.values_list("price", flat=True)
    assert min(prices) >= 5 and max(prices) <= 200


def test_every_relief_method_with_products_shows_at_least_two():
    products_per_method = {
        method.slug: method.suitable_products.count()
        for method in ReliefMethodPage.objects.all()
    }
    with_products = {slug: n for slug, n in products_per_method.items() if n}
    assert len(with_products) >= 7, products_per_method
    assert min(with_products.values()) >= 2, products_per_method


# --- page weight -------------------------------------------------------------------

PAGE_WEIGHT_BUDGET = 60 * 1024  # HTML + CSS + JS, gzip-compressed (issue 19)


def compressed_weight(client, url: str) -> dict[str, int]:
    """Bytes of the page and of every stylesheet and script it loads, gzipped at
    the level GZipMiddleware and WhiteNoise use."""
    import gzip

    from django.conf import settings
    from django.contrib.staticfiles import finders

    response = client.get(url)
    assert response.status_code == 200, url
    weights = {url: len(gzip.compress(response.content, compresslevel=9))}
    soup = BeautifulSoup(response.content, "html.parser")
    assets = [tag["href"] for tag in soup.select('link[rel="stylesheet"]')]
    assets += [tag["src"] for tag in soup.select("script[src]")]
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), (url, asset)  # all first-party
        found = finders.find(asset.removeprefix(settings.STATIC_URL).split("?")[0])
        assert found, (url, asset)
        data = Path(found).read_bytes()
        weights[asset] = len(gzip.compress(data, compresslevel=9))
    return weights


def test_each_key_page_with_its_css_and_js_stays_within_60_kb_compressed(client):
    product = ProductPage.objects.live().first()
    for url in (
        "/",
        "/guides/",
        "/guides/night-leg-cramps/",
        "/relief/warm-compress/",
        "/shop/",
        product.url,
        "/search/?q=calf+cramp",
        "/finder/",
    ):
        weights = compressed_weight(client, url)
        total = sum(weights.values())
        print(f"{url}: {total / 1024:.1f} KB compressed {weights}")
        assert total <= PAGE_WEIGHT_BUDGET, (url, weights)


# Issue 19's bar: at most 15 queries for a reader's repeat view of any page, with the
# page cache off (as tests run) and whatever the catalogue's size (the page and
# listing tests compare 5 against 50 linked items for that).
WARM_QUERY_BUDGET = 15


def test_every_key_page_makes_at_most_15_queries_on_a_repeat_view(client):
    product = ProductPage.objects.live().get(slug="wheat-bag-neck-wrap")
    counted = {}
    for url in (
        "/",
        "/guides/",
        "/guides/night-leg-cramps/",
        "/relief/",
        "/relief/warm-compress/",
        "/shop/",
        product.get_parent().url,
        "/shop/?area=calf&sort=price_asc&page=1",
        product.url,
        "/search/?q=calf+cramp",
        "/finder/",
    ):
        client.get(url)  # the first view creates renditions and fills lookups
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counted[url] = len(queries)
    print(counted)
    assert max(counted.values()) <= WARM_QUERY_BUDGET, counted
