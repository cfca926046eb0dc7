"""`make screenshots`: the key pages at phone and desktop widths, saved for review.

Runs in the normal suite too, where it proves each key page renders in Chromium
without JavaScript errors at both widths.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, PHONE
from .key_pages import KEY_PAGES, visit_key_pages

SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))
# Scroll once down the page so lazy images below the fold load, then wait for them.
LOAD_LAZY_IMAGES = """async () => {
    const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight) {
        window.scrollTo(0, y);
        await frame();
    }
    window.scrollTo(0, 0);
    await Promise.all([...document.images].filter(img => !img.complete).map(
        img => new Promise(resolve => { img.onload = img.onerror = resolve; })
    ));
}"""


@pytest.mark.parametrize(
    "width_name,viewport", [("phone", PHONE), ("desktop", DESKTOP)]
)
def test_key_pages_render_at_phone_and_desktop_widths(
    demo_site, live_server, new_context, width_name, viewport
):
    page = new_context(viewport=viewport).new_page()  # fails on JavaScript errors
    shown = []
    for name in visit_key_pages(page, live_server):
        shown.append(name)
        expect(page.locator("header.site-header")).to_be_visible()
        expect(page.locator("main#main")).to_have_count(1)
        if os.environ.get("SCREENSHOTS") == "1":
            SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
            page.evaluate(LOAD_LAZY_IMAGES)
            page.screenshot(
                path=str(SCREENSHOT_DIR / f"{name}-{width_name}.png"),
                full_page=True,
            )
    assert shown == KEY_PAGES
