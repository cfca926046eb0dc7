"""Every key page at phone and desktop widths, in one pass per width.

On each page (key_pages.py lists them and the state a visitor meets them in):
- it renders in Chromium with its header and main landmark, and no JavaScript error;
- nothing scrolls sideways;
- axe-core finds no violation of impact serious or critical.

With SCREENSHOTS=1 (`make screenshots`) each page is also saved, full length, into
SCREENSHOT_DIR (default screenshots/) as <page>-<phone|desktop>.png.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .key_pages import KEY_PAGES, visit_key_pages

SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
# Scroll once down the page so lazy images below the fold load, then wait for them.
# Timers pace the scroll: headless Chromium may never fire requestAnimationFrame here.
# No image may hold up a screenshot for more than 10 s.
LOAD_LAZY_IMAGES = """async () => {
    const pause = ms => new Promise(resolve => setTimeout(resolve, ms));
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await pause(50);
    }
    window.scrollTo(0, 0);
    const pending = [...document.images].filter(img => !img.complete).map(
        img => new Promise(resolve => { img.onload = img.onerror = resolve; })
    );
    await Promise.race([Promise.all(pending), pause(10000)]);
}"""
SIDEWAYS_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize(
    "width_name,viewport", [("phone", PHONE), ("desktop", DESKTOP)]
)
def test_key_pages_render_without_overflow_or_serious_accessibility_violations(
    demo_site, live_server, new_context, width_name, viewport
):
    page = new_context(viewport=viewport).new_page()  # fails on JavaScript errors
    checked, overflowing, violations_by_page = [], {}, {}
    for name in visit_key_pages(page, live_server):
        checked.append(name)
        expect(page.locator("header.site-header")).to_be_visible()
        expect(page.locator("main#main")).to_have_count(1)
        overflow = page.evaluate(SIDEWAYS_OVERFLOW)
        if overflow > 0:
            overflowing[name] = overflow
        violations = serious_violations(page)
        if violations:
            violations_by_page[name] = violations
        if os.environ.get("SCREENSHOTS") == "1":
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.evaluate(LOAD_LAZY_IMAGES)
            page.screenshot(
                path=str(SCREENSHOT_DIR / f"{name}-{width_name}.png"), full_page=True
            )
    assert checked == KEY_PAGES
    assert overflowing == {}, f"pages that scroll sideways (px): {overflowing}"
    assert violations_by_page == {}


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
