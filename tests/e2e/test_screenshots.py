"""`make screenshots`: the key pages at phone and desktop widths, saved for review.

Runs in the normal suite too, where it proves each key page renders in Chromium
without JavaScript errors at both widths.
"""

import os
from pathlib import Path

import pytest

from .conftest import DESKTOP, PHONE
from .key_pages import KEY_PAGES, visit_key_pages

SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", "screenshots"))


@pytest.mark.parametrize(
    "width_name,viewport", [("phone", PHONE), ("desktop", DESKTOP)]
)
def test_key_pages_render_at_phone_and_desktop_widths(
    demo_site, live_server, browser, width_name, viewport
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    shown = []
    try:
        for name in visit_key_pages(page, live_server):
            shown.append(name)
            assert page.locator("header.site-header").is_visible()
            assert page.locator("main#main").count() == 1
            if os.environ.get("SCREENSHOTS") == "1":
                SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(SCREENSHOT_DIR / f"{name}-{width_name}.png"),
                    full_page=True,
                )
        assert not errors, errors
        assert shown == KEY_PAGES
    finally:
        context.close()
