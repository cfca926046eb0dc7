"""Browser tests: Debian's Chromium driven by Playwright against `live_server`.

Playwright's own browser download cannot work here, so the browser is launched from
its system path with flags that keep it off the network. Live-server tests run in
transactions and the database is flushed after each; `_e2e_site` rebuilds what the
migrations created (page tree, site, guide workflow, roles) before each test.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .chromium import CHROMIUM_FLAGS, CHROMIUM_PATH
from .key_pages import FINDER_PAGES
from .snapshot import DatabaseSnapshot
from .steps import local_payment_provider

# Playwright's sync API runs an event loop in this thread; Django's ORM calls in the
# test body are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


# Two shared cores, two test workers each with a browser: give each expectation
# far more than Playwright's 5 s. A passing check waits no longer for it.
expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM_PATH).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM_PATH}: run `make browsers` "
            "(apt-get install chromium chromium-driver)."
        )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM_PATH,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(autouse=True)
def _e2e_site(transactional_db, live_server):
    """Rebuild what the data migrations created, in their order: page tree and
    site (served on the live server's host and port), guide sections with the
    "Guide review" workflow, then the staff roles, which join its approvers."""
    from guides.site_setup import ensure_all as ensure_guide_sections_and_workflow
    from home.site_setup import ensure_site_tree
    from shop.staff.roles import ensure_roles

    port = int(live_server.url.rsplit(":", 1)[1])
    ensure_site_tree(hostname="127.0.0.1", port=port)
    ensure_guide_sections_and_workflow()
    ensure_roles()


_DEMO_SNAPSHOT: list[DatabaseSnapshot] = []
# Pages the browser tests open. Rendering them once before the snapshot is saved
# makes their image renditions (AVIF, WebP, JPEG) part of it, so no test waits
# seconds for Pillow on its first visit.
WARM_PATHS = [
    "/",
    "/guides/",
    "/guides/night-leg-cramps/",
    "/relief/",
    "/relief/warm-compress/",
    "/shop/",
    "/shop/foam-rollers/",
    "/search/?q=calf+cramp",
    "/search/?q=zzzqqq",
    FINDER_PAGES["finder-result"],
]
# The products the journeys buy, receive or link to.
JOURNEY_SKUS = ["WHT-NEC-LAV", "BAL-PNT-01", "BTH-EPS-EU", "ROL-VIB-01", "WRP-CLD-LEG"]


def _render_once(paths: list[str]) -> None:
    from django.test import Client

    from shop.catalogue.models import ProductVariant

    products = ProductVariant.objects.filter(sku__in=JOURNEY_SKUS)
    client = Client()
    for path in paths + [variant.product.url for variant in products]:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"


@pytest.fixture
def demo_site(_e2e_site):
    """The whole demo site (home, guides, catalogue, users), as `make run` shows it.

    The first test loads it with `load_demo` and saves the database; later tests get
    that copy back (see snapshot.py), so every test starts from the same demo state.
    """
    from django.core.management import call_command

    if _DEMO_SNAPSHOT:
        _DEMO_SNAPSHOT[0].restore()
        return
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    _render_once(WARM_PATHS)
    snapshot = DatabaseSnapshot("demo")
    snapshot.save()
    _DEMO_SNAPSHOT.append(snapshot)


@pytest.fixture
def test_payments():
    """Checkout through the local test payment provider (pay / decline / abandon).

    It only runs with DEBUG on, as in development; the live server runs in this
    process, so these settings apply to the pages the browser gets.
    """
    with local_payment_provider():
        yield


@pytest.fixture
def new_context(new_context):
    """pytest-playwright's `new_context` (closed after the test, with a full-page
    screenshot of each of its pages when the test fails), plus: an uncaught
    JavaScript error on any page of any context fails the test. `context` and
    `page` are built on it too."""
    errors: list[str] = []

    def watch(page) -> None:
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))

    def make(**kwargs):
        context = new_context(**kwargs)
        context.on("page", watch)
        return context

    yield make
    assert not errors, f"JavaScript errors on the page: {errors}"
