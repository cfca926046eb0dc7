"""Factories for guides, relief methods, their taxonomy and stocked products."""

from datetime import date
from decimal import Decimal

import factory
import wagtail_factories

from guides.models import (
    Cause,
    Contributor,
    GuideIndexPage,
    GuidePage,
    GuideSource,
    ReliefMethodIndexPage,
    ReliefMethodPage,
    ReliefMethodSource,
)
from home.demo_images import demo_image
from shop.catalogue.models import ProductGalleryImage, ProductPage
from tests.factories import ProductPageFactory, stocked_variant


def guide_index() -> GuideIndexPage:
    """/guides/, created by the guides data migration."""
    return GuideIndexPage.objects.get()


def relief_index() -> ReliefMethodIndexPage:
    return ReliefMethodIndexPage.objects.get()


class CauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cause
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Cause {n}")
    slug = factory.Sequence(lambda n: f"cause-{n}")
    summary = "Why some muscles tighten on their own."
    red_flag_note = "See a doctor if it keeps happening."


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"Dr Reviewer {n}")
    job_title = "General practitioner"


def paragraph(text: str = "A calf cramp usually passes within minutes.") -> dict:
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def red_flag(title: str = "See a doctor if…") -> dict:
    return {
        "type": "red_flag",
        "value": {
            "urgency": "doctor",
            "title": title,
            "signs": ["it keeps coming back"],
        },
    }


def source(model):
    return model(
        title="NHS: Leg cramps", url="https://www.nhs.uk/conditions/leg-cramps/"
    )


class ReliefMethodPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ReliefMethodPage

    title = factory.Sequence(lambda n: f"Method {n}")
    slug = factory.Sequence(lambda n: f"method-{n}")
    teaser = "A simple way to ease a cramp."
    when_it_helps = "<p>For ordinary calf cramps.</p>"
    steps = factory.LazyFunction(
        lambda: [
            {"type": "step", "value": {"title": "Sit down", "text": "Find a chair."}},
            {"type": "step", "value": {"title": "Stretch", "text": "Hold 30 s."}},
        ]
    )
    cautions = "<p>Stop if it hurts sharply.</p>"
    medical_reviewer = factory.SubFactory(ContributorFactory)
    last_reviewed = date(2026, 1, 15)
    sources = factory.LazyFunction(lambda: [source(ReliefMethodSource)])
    parent = factory.LazyFunction(relief_index)


class GuidePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = GuidePage

    title = factory.Sequence(lambda n: f"Guide {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    teaser = "Why it happens and what helps."
    body = factory.LazyFunction(lambda: [paragraph(), red_flag()])
    author = factory.SubFactory(ContributorFactory)
    medical_reviewer = factory.SubFactory(ContributorFactory)
    last_reviewed = date(2026, 1, 15)
    sources = factory.LazyFunction(lambda: [source(GuideSource)])
    parent = factory.LazyFunction(guide_index)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        # A guide goes live only with a red flag: tests that pass their own body
        # get one in front unless they place it themselves.
        body = kwargs.get("body")
        if isinstance(body, list) and not any(
            block.get("type") == "red_flag" for block in body
        ):
            kwargs["body"] = [red_flag(), *body]
        return kwargs


def stocked_product(
    title: str | None = None,
    *,
    on_hand: int = 10,
    price: str = "19.90",
    image_size: tuple[int, int] = (160, 120),
    parent=None,
) -> ProductPage:
    """A live product with one active variant, `on_hand` units and its own picture."""
    kwargs = {"title": title} if title else {}
    if parent is not None:
        kwargs["parent"] = parent
    product = ProductPageFactory(**kwargs)
    ProductGalleryImage.objects.create(
        page=product,
        image=demo_image(
            f"Test product image {product.pk}", shape="circle", size=image_size
        ),
        alt_text=product.title,
    )
    stocked_variant(on_hand=on_hand, product=product, price=Decimal(price))
    return product
