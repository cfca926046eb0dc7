"""Health content readers can trust: red flags before products, reviewed to publish."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, rich_text

from guides.models import GuideIndexPage, GuidePage
from tests.guides.test_admin import guide_form

from .factories import (
    ContributorFactory,
    GuidePageFactory,
    ReliefMethodPageFactory,
    paragraph,
    red_flag,
    stocked_product,
)


class PublishingRulesTests(WagtailPageTestCase):
    def setUp(self):
        self.client.force_login(self.create_superuser("editor"))
        self.index = GuideIndexPage.objects.get()

    def add(self, data):
        return self.client.post(
            f"/admin/pages/add/guides/guidepage/{self.index.pk}/", data
        )

    def test_a_product_card_above_the_red_flags_is_refused_naming_the_block(self):
        product = stocked_product("Heat pack")
        for action in ("action-publish", "action-save"):
            data = guide_form(
                self.index,
                title="Neck",
                slug=f"neck-{action}",
                action=action,
                body=[
                    ("product", {"product": product.pk, "note": ""}),
                    ("red_flag", {"urgency": "doctor", "title": "See a doctor if…"}),
                ],
            )
            data.update({"body-1-value-signs-count": "1"})
            data.update({"body-1-value-signs-0-value": "your arm goes numb"})
            data.update({"body-1-value-signs-0-deleted": ""})
            data.update({"body-1-value-signs-0-order": "0"})
            data.update({"body-1-value-signs-0-id": ""})
            response = self.add(data)
            assert response.status_code == 200, action
            html = response.content.decode()
            assert "This product card shows products before the first red-flag" in html
            assert not GuidePage.objects.filter(slug=f"neck-{action}").exists()

    def test_a_draft_may_lack_the_trust_fields_but_publishing_names_each_one(self):
        draft = guide_form(
            self.index,
            title="Unfinished",
            slug="unfinished",
            body=[("paragraph", rich_text("<p>Work in progress.</p>"))],
            action="action-save",
            complete=False,
            sources=inline_formset([]),
        )
        assert self.add(draft).status_code == 302
        guide = GuidePage.objects.get(slug="unfinished")
        assert not guide.live

        publish = dict(draft)
        del publish["action-save"]
        publish["action-publish"] = "1"
        response = self.client.post(f"/admin/pages/{guide.pk}/edit/", publish)
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert {"author", "medical_reviewer", "last_reviewed", "body"} <= set(errors)
        assert "at least 1" in str(
            response.context["form"].formsets["sources"].non_form_errors()
        )
        guide.refresh_from_db()
        assert not guide.live

    def test_approving_or_scheduling_an_incomplete_revision_cannot_publish_it(self):
        guide = GuidePageFactory(live=False, medical_reviewer=None)
        revision = guide.save_revision(clean=False)  # as the admin saves drafts
        with pytest.raises(ValidationError, match="medical reviewer"):
            revision.publish()
        guide.refresh_from_db()
        assert not guide.live

    def test_publishing_in_code_with_a_product_first_is_refused(self):
        product = stocked_product("Heat pack")
        body = [{"type": "product", "value": {"product": product.pk}}, red_flag()]
        with pytest.raises(ValidationError, match="before its first red-flag"):
            GuidePageFactory(body=body)

    def test_next_review_defaults_to_twelve_months_after_the_last(self):
        guide = GuidePageFactory(last_reviewed=date(2026, 3, 1))
        assert guide.next_review_due == date(2027, 3, 1)
        chosen = GuidePageFactory(
            last_reviewed=date(2026, 3, 1), next_review_due=date(2026, 9, 1)
        )
        assert chosen.next_review_due == date(2026, 9, 1)

    def test_a_relief_method_needs_reviewer_and_cautions_to_go_live(self):
        with pytest.raises(ValidationError, match="cautions, medical reviewer"):
            ReliefMethodPageFactory(cautions="", medical_reviewer=None)
        method = ReliefMethodPageFactory(live=False, cautions="")
        assert not method.live  # drafts may be incomplete

    def test_a_red_flag_after_an_advice_only_method_link_is_fine(self):
        method = ReliefMethodPageFactory()
        advice_only = {"method": method.pk, "product_count": 0}
        guide = GuidePageFactory(
            body=[
                paragraph(),
                {"type": "relief_method", "value": advice_only},
                red_flag(),
            ],
            author=ContributorFactory(),
        )
        assert guide.live


@pytest.mark.django_db
def test_a_marketer_submitting_without_a_reviewer_is_told_so(client):
    from tests.guides.test_workflow import add_guide_url, marketer

    client.force_login(marketer("mia"))
    data = guide_form(
        GuideIndexPage.objects.get(),
        title="Calf cramps",
        slug="calf-cramps",
        body=[("paragraph", rich_text("<p>Calves.</p>"))],
        action="action-submit",
        medical_reviewer="",
    )

    response = client.post(add_guide_url(), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["medical_reviewer"]
    assert "This field is required." in str(
        response.context["form"]["medical_reviewer"].errors
    )
    assert not GuidePage.objects.filter(slug="calf-cramps").exists()


@pytest.mark.django_db
def test_the_editor_lists_what_a_draft_lacks_before_it_is_submitted(client):
    from tests.guides.test_workflow import marketer

    client.force_login(marketer("max"))
    guide = GuidePageFactory(title="Neck spasms")
    edit_url = f"/admin/pages/{guide.pk}/edit/"
    assert "Ready: author, medical review" in client.get(edit_url).text

    guide.medical_reviewer = None
    heat_pack = {"product": stocked_product("Heat pack").pk, "note": ""}
    guide.body = [{"type": "product", "value": heat_pack}, *guide.body.raw_data]
    guide.save_revision(clean=False)

    html = client.get(edit_url).text
    assert "cannot be published or submitted for review yet" in html
    assert "Add the medical reviewer." in html
    assert "Move the red-flag warning above block 1 (Product card)" in html
    assert "Add the author." not in html

    method = ReliefMethodPageFactory()
    method.cautions = ""
    method.save_revision(clean=False)
    html = client.get(f"/admin/pages/{method.pk}/edit/").text
    assert "Add the cautions." in html
