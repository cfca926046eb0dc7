"""axe-core on every key page at phone and desktop widths: no serious or critical
violations. Pages are added here as their features land."""

import pytest

from .axe import serious_violations
from .conftest import DESKTOP, PHONE

PAGES = {
    "home": "/",
    "search results": "/search/?q=cramp",
    "search without results": "/search/?q=zzzqqq",
    "not found": "/no-such-page/",
    "guide index": "/guides/?area=calf",
    "guide": "/guides/night-leg-cramps/",
    "relief method": "/relief/self-massage/",
    "relief method without products": "/relief/walking-it-off/",
}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_key_pages_have_no_serious_accessibility_violations(
    demo_site, live_server, browser, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    found = {}
    try:
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            violations = serious_violations(page)
            if violations:
                found[name] = violations
    finally:
        context.close()
    assert found == {}


def test_the_axe_harness_reports_a_known_violation(browser):
    page = browser.new_page()
    try:
        page.set_content(
            '<html lang="en"><head><title>t</title></head>'
            '<body><main><input type="text"></main></body></html>'
        )
        assert [v["id"] for v in serious_violations(page)] == ["label"]
    finally:
        page.close()
