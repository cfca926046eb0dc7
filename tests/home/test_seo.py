"""What search engines read: robots.txt, titles, descriptions, breadcrumbs, hosts."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.management.base import CommandError
from wagtail.models import Site

from config.management.commands.load_demo import split_host
from home.site_setup import ensure_site_tree
from tests.guides.factories import stocked_product

pytestmark = pytest.mark.django_db


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_home_title_names_the_site_once_and_has_a_description(client, home_page):
    html = BeautifulSoup(client.get("/").content, "html.parser")
    title = html.title.string
    assert title.count("Unknot") == 1, title
    description = html.find("meta", attrs={"name": "description"})["content"]
    assert len(description) > 50


def test_product_pages_keep_their_breadcrumb_list(client):
    product = stocked_product("Wheat heat pack")
    html = BeautifulSoup(client.get(product.url).content, "html.parser")
    kinds = [
        json.loads(script.string).get("@type")
        for script in html.find_all("script", type="application/ld+json")
    ]
    assert "BreadcrumbList" in kinds and "Product" in kinds


def test_the_site_record_follows_the_served_host(home_page):
    assert split_host("127.0.0.1:8123") == ("127.0.0.1", 8123)
    assert split_host("shop.example") == ("shop.example", 80)
    with pytest.raises(CommandError):
        split_host("127.0.0.1:http")
    ensure_site_tree(hostname="127.0.0.1", port=8123)
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == "http://127.0.0.1:8123"
    assert home_page.full_url == "http://127.0.0.1:8123/"
