"""The policy pages an EU shop must carry: editors' pages, linked site-wide."""

import pytest
from django.core.exceptions import ValidationError

from home.models import PolicyPage
from tests.guides.factories import stocked_product

pytestmark = pytest.mark.django_db


def add_policy(home_page, kind, slug, **kwargs):
    page = PolicyPage(
        title=slug.replace("-", " ").title(),
        slug=slug,
        kind=kind,
        version="2026-11",
        body="<h2>Withdrawal</h2><p>Fourteen days.</p>",
        **kwargs,
    )
    home_page.add_child(instance=page)
    return page


def test_the_footer_links_every_live_policy_page_in_order(client, home_page):
    add_policy(home_page, "imprint", "legal-notice")
    add_policy(home_page, "returns", "returns")
    draft = add_policy(home_page, "privacy", "privacy", live=False)

    html = client.get("/").content.decode()

    assert html.index('href="/returns/"') < html.index('href="/legal-notice/"')
    assert draft.url not in html
    page = client.get("/returns/").content.decode()
    assert "Version 2026-11" in page and "Fourteen days." in page


def test_the_kept_footer_follows_a_renamed_policy_and_new_settings(client, home_page):
    """The footer is kept rendered per page-tree generation: publishing a policy
    page and saving the site settings each show at once."""
    from home.models import SiteSettings

    returns = add_policy(home_page, "returns", "returns")
    assert ">Returns</a>" in client.get("/").content.decode()

    returns.title = "Returns and refunds"
    returns.save_revision().publish()
    assert ">Returns and refunds</a>" in client.get("/").content.decode()

    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.contact_email = "help@unknot.example"
    site_settings.save()
    assert "mailto:help@unknot.example" in client.get("/").content.decode()


def test_one_page_per_kind(home_page):
    add_policy(home_page, "terms", "terms")
    with pytest.raises(ValidationError, match="already exists"):
        add_policy(home_page, "terms", "terms-two")


def test_product_pages_say_vat_shipping_and_delivery_time(client, home_page):
    add_policy(home_page, "shipping", "shipping")
    product = stocked_product("Wheat heat pack")
    html = client.get(product.url).content.decode()
    assert "incl. VAT, plus" in html and 'href="/shipping/"' in html
    assert "delivered in 2–4 working days" in html
