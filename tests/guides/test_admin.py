"""Editors work through Wagtail's admin: create, publish, preview, manage taxonomy."""

import json

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from guides.blocks import GuideStreamBlock, SafeRichTextBlock
from guides.models import GuideIndexPage, GuidePage, ReliefMethodPage
from tests.factories import BodyAreaFactory

from .factories import (
    CauseFactory,
    ContributorFactory,
    GuidePageFactory,
    ReliefMethodPageFactory,
    stocked_product,
)

MALICIOUS_CONTENTSTATE = json.dumps(
    {
        "blocks": [
            {
                "key": "a1b2c",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert(1)</script> click me",
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 27, "length": 8, "key": 0}],
                "data": {},
            }
        ],
        "entityMap": {
            "0": {
                "type": "LINK",
                "mutability": "MUTABLE",
                "data": {"url": "javascript:alert(document.cookie)"},
            }
        },
    }
)


RED_FLAG_FORM_BLOCK = (
    "red_flag",
    {
        "urgency": "doctor",
        "title": "See a doctor if…",
        "signs": streamfield([("item", "the cramps come every night")]),
        "advice": "",
    },
)


def guide_form(
    index,
    *,
    title,
    slug,
    body,
    action="action-publish",
    multi=None,
    complete=True,
    **extra,
):
    """Form data for the guide editor; `multi` holds multi-value fields (lists).

    `complete` fills in what publishing needs (author, reviewer, review date, a red
    flag first) unless the test gives it; pass False to leave them out.
    """
    if complete:
        if not any(kind == "red_flag" for kind, _ in body):
            body = [RED_FLAG_FORM_BLOCK, *body]
        for field in ("author", "medical_reviewer"):
            extra.setdefault(field, ContributorFactory().pk)
        extra.setdefault("last_reviewed", "2026-01-15")
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "teaser": "Why calves cramp at night and what helps.",
            "body": streamfield(body),
            "method_links": inline_formset([]),
            "sources": inline_formset(
                [{"title": "NHS: Leg cramps", "url": "https://www.nhs.uk/"}]
            ),
            "related_guide_links": inline_formset([]),
            "comments": inline_formset([]),
            **extra,
        }
    )
    data.update(multi or {})
    data[action] = "1"
    return data


class EditorTests(WagtailPageTestCase):
    def setUp(self):
        self.editor = self.create_superuser("editor")
        self.client.force_login(self.editor)
        self.index = GuideIndexPage.objects.get()

    def add_url(self, model="guidepage", parent=None):
        return reverse(
            "wagtailadmin_pages:add",
            args=("guides", model, (parent or self.index).pk),
        )

    def test_editor_creates_and_publishes_a_guide_with_a_product_block(self):
        product = stocked_product("Calf stretching strap", price="11.90")
        reviewer = ContributorFactory(name="Dr Ina Berg")
        calf = BodyAreaFactory(slug="calf", name="Calf")
        cause = CauseFactory(slug="night", name="Night-time stillness")
        data = guide_form(
            self.index,
            title="Night calf cramps",
            slug="night-calf-cramps",
            body=[
                ("paragraph", rich_text("<p>The calf tightens at night.</p>")),
                ("product", {"product": product.pk, "note": "Loops round the foot."}),
            ],
            medical_reviewer=reviewer.pk,
            last_reviewed="2026-01-15",
            multi={"causes": [cause.pk], "body_areas": [calf.pk]},
        )

        response = self.client.post(self.add_url(), data)

        self.assertEqual(response.status_code, 302, response.content[:3000])
        guide = GuidePage.objects.get(slug="night-calf-cramps")
        assert guide.live and guide.get_parent().specific == self.index
        assert guide.revisions.count() == 1
        assert list(guide.causes.all()) == [cause]
        assert list(guide.body_areas.all()) == [calf]
        html = self.client.get(guide.url).content.decode()
        assert "Calf stretching strap" in html
        assert "Loops round the foot." in html
        assert "€11.90" in html and "Add to cart" in html
        assert "Dr Ina Berg" in html

    def test_draft_is_saved_without_going_live(self):
        data = guide_form(
            self.index,
            title="Draft guide",
            slug="draft-guide",
            body=[("paragraph", rich_text("<p>Work in progress.</p>"))],
            action="action-draft",
        )
        data.pop("action-draft")
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 302)
        guide = GuidePage.objects.get(slug="draft-guide")
        assert not guide.live
        assert self.client.get("/guides/draft-guide/").status_code == 404

    def test_script_and_javascript_links_from_the_editor_are_stripped(self):
        data = guide_form(
            self.index,
            title="Hostile",
            slug="hostile",
            body=[("paragraph", MALICIOUS_CONTENTSTATE)],
        )
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        guide = GuidePage.objects.get(slug="hostile")
        stored = json.dumps(list(guide.body.raw_data))
        assert "<script" not in stored and "javascript:" not in stored
        html = self.client.get(guide.url).content.decode()
        assert "<script>alert" not in html
        assert "javascript:" not in html
        assert "click me" in html

    def test_required_red_flag_wording_cannot_be_left_empty(self):
        data = guide_form(
            self.index,
            title="No wording",
            slug="no-wording",
            body=[("red_flag", {"urgency": "doctor", "title": "", "signs": []})],
        )
        data.update(
            {"body-0-value-signs-count": "0", "body-0-value-advice": ""},
        )
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 200)
        assert not GuidePage.objects.filter(slug="no-wording").exists()

    def test_every_page_type_can_be_previewed(self):
        method = ReliefMethodPageFactory(
            title="Stretching", cautions="<p>Never bounce.</p>"
        )
        guide = GuidePageFactory(
            body=[
                {"type": "paragraph", "value": "<p>Preview me.</p>"},
                {"type": "relief_method", "value": {"method": method.pk}},
            ]
        )
        for page in (guide, method):
            edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertEqual(edit.status_code, 200)
        self.assertPageIsPreviewable(
            guide,
            post_data=guide_form(
                self.index,
                title=guide.title,
                slug=guide.slug,
                body=[
                    ("paragraph", rich_text("<p>Preview me.</p>")),
                    ("relief_method", {"method": method.pk, "product_count": 3}),
                ],
            ),
        )
        self.assertPageIsPreviewable(
            method,
            post_data=nested_form_data(
                {
                    "title": "Stretching",
                    "slug": method.slug,
                    "teaser": "Lengthen the muscle.",
                    "steps": streamfield(
                        [("step", {"title": "Sit", "text": "Sit down."})]
                    ),
                    "when_it_helps": rich_text("<p>Most cramps.</p>"),
                    "cautions": rich_text("<p>Never bounce.</p>"),
                    "body": streamfield([]),
                    "suitable_products": inline_formset([]),
                    "sources": inline_formset([]),
                    "comments": inline_formset([]),
                }
            ),
        )
        self.assertPageIsPreviewable(self.index)
        self.assertPageIsPreviewable(ReliefMethodPage.objects.get().get_parent())

    def test_every_guide_block_has_icon_template_and_a_rendering_admin_preview(self):
        stocked_product("Preview roller")
        ReliefMethodPageFactory(title="Preview method")
        CauseFactory()
        BodyAreaFactory(slug="calf", name="Calf")
        GuidePageFactory(title="Preview guide")
        for name, block in GuideStreamBlock().child_blocks.items():
            assert block.meta.icon != "placeholder", name
            assert block.meta.template, name
            assert block.is_previewable, name
            response = self.client.get(
                reverse("wagtailadmin_block_preview"),
                {"id": block.definition_prefix},
            )
            self.assertEqual(response.status_code, 200, name)
            assert "css/guides.css" in response.content.decode(), name


def test_rich_text_written_in_code_is_sanitised_too():
    block = SafeRichTextBlock()
    value = block.to_python(
        '<p>Hi<script>alert(1)</script> <a href="javascript:alert(1)">there</a>'
        ' <a href="https://www.nhs.uk/">NHS</a> <a linktype="page" id="3">us</a>'
        '<img src=x onerror="alert(1)"></p>'
    )
    stored = block.get_prep_value(value)
    assert "script" not in stored and "alert" not in stored
    assert "javascript:" not in stored and "onerror" not in stored
    assert '<a href="https://www.nhs.uk/">NHS</a>' in stored
    assert '<a id="3" linktype="page">us</a>' in stored
    assert "there" in stored


@pytest.mark.django_db
def test_relief_method_rich_text_fields_are_sanitised_on_save():
    method = ReliefMethodPageFactory(
        when_it_helps='<p onclick="x()">Helps<script>steal()</script></p>',
        cautions='<p><a href="JaVaScRiPt:alert(1)">careful</a></p>',
    )
    method.refresh_from_db()
    assert method.when_it_helps == "<p>Helps</p>"
    assert method.cautions == "<p>careful</p>"


@pytest.mark.django_db
def test_cause_admin_lists_counts_and_searches(admin_client):
    cramps = CauseFactory(name="Dehydration", slug="dehydration")
    CauseFactory(name="Stress", slug="stress")
    method = ReliefMethodPageFactory()
    method.causes.add(cramps)
    method.save()
    url = reverse("wagtailsnippets_guides_cause:list")

    listing = admin_client.get(url).content.decode()
    for column in ("Relief methods", "Guides", "Slug"):
        assert column in listing
    found = admin_client.get(url, {"q": "dehyd"}).content.decode()
    assert "Dehydration" in found and "Stress" not in found


@pytest.mark.django_db
def test_body_area_and_contributor_admin_listings_load(admin_client):
    BodyAreaFactory(slug="calf", name="Calf")
    BodyAreaFactory(slug="neck", name="Neck")
    ContributorFactory(name="Dr Ina Berg")
    url = reverse("wagtailsnippets_catalogue_bodyarea:list")
    body_areas = admin_client.get(url, {"q": "cal"}).content.decode()
    assert "Calf" in body_areas and "Neck" not in body_areas
    assert "Guides" in body_areas and "Products" in body_areas
    people = admin_client.get(reverse("wagtailsnippets_guides_contributor:list"))
    assert people.status_code == 200 and b"Dr Ina Berg" in people.content
    assert Page.objects.filter(depth=3).count() >= 2
