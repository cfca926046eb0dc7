"""axe-core on every key page at phone and desktop widths: no violations of impact
serious or critical. The pages and their states are in key_pages.py."""

import pytest

from .axe import serious_violations
from .conftest import DESKTOP, PHONE
from .key_pages import KEY_PAGES, visit_key_pages


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_key_pages_have_no_serious_accessibility_violations(
    demo_site, live_server, new_context, viewport
):
    page = new_context(viewport=viewport).new_page()
    found, checked = {}, []
    for name in visit_key_pages(page, live_server):
        checked.append(name)
        violations = serious_violations(page)
        if violations:
            found[name] = violations
    assert checked == KEY_PAGES
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
