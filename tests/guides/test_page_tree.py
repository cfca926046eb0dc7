from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from guides.models import (
    GuideIndexPage,
    GuidePage,
    ReliefMethodIndexPage,
    ReliefMethodPage,
)
from home.models import HomePage
from shop.catalogue.models import ProductCategoryPage, ShopIndexPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_sections_exist_at_their_urls_after_migrations(self):
        assert GuideIndexPage.objects.get().url == "/guides/"
        assert ReliefMethodIndexPage.objects.get().url == "/relief/"

    def test_section_indexes_live_only_under_the_home_page(self):
        self.assertCanCreateAt(HomePage, GuideIndexPage)
        self.assertCanCreateAt(HomePage, ReliefMethodIndexPage)
        self.assertCanNotCreateAt(Page, GuideIndexPage)
        self.assertCanNotCreateAt(GuideIndexPage, ReliefMethodIndexPage)
        self.assertCanNotCreateAt(ShopIndexPage, GuideIndexPage)

    def test_guides_live_only_in_the_guide_index(self):
        self.assertCanCreateAt(GuideIndexPage, GuidePage)
        self.assertCanNotCreateAt(HomePage, GuidePage)
        self.assertCanNotCreateAt(ReliefMethodIndexPage, GuidePage)
        self.assertCanNotCreateAt(GuidePage, GuidePage)
        self.assertAllowedSubpageTypes(GuidePage, {})

    def test_relief_methods_live_only_in_the_relief_index(self):
        self.assertCanCreateAt(ReliefMethodIndexPage, ReliefMethodPage)
        self.assertCanNotCreateAt(GuideIndexPage, ReliefMethodPage)
        self.assertCanNotCreateAt(ProductCategoryPage, ReliefMethodPage)
        self.assertAllowedSubpageTypes(ReliefMethodPage, {})

    def test_only_one_index_of_each_kind(self):
        home = HomePage.objects.get()
        assert not GuideIndexPage.can_create_at(home)
        assert not ReliefMethodIndexPage.can_create_at(home)
