"""Site templates use Wagtail's image tags through `unknot_images`, which parses each
tag's filters once instead of on every render."""

from pathlib import Path

import pytest
from django.template import Context, Template
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.tests.utils import get_test_image_file

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_each_tag_builds_its_filters_once_and_renders_what_wagtail_renders(
    monkeypatch,
):
    image = get_image_model().objects.create(
        title="Roller", file=get_test_image_file(size=(400, 300))
    )
    source = (
        "{% load LIB %}{% picture img format-{webp,jpeg} fill-{80x80,160x160} %}"
        "{% image img fill-40x40 %}{% srcset_image img width-{100,200} sizes='1px' %}"
    )
    ours = Template(source.replace("LIB", "unknot_images"))
    wagtails = Template(source.replace("LIB", "wagtailimages_tags"))
    context = {"img": image}
    assert ours.render(Context(context)) == wagtails.render(Context(context))

    built = []
    original = Filter.__init__

    def counting_init(self, *args, **kwargs):
        built.append(kwargs.get("spec", args[0] if args else None))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Filter, "__init__", counting_init)
    ours.render(Context(context))
    ours.render(Context(context))
    assert built == [], "filters were built again on a later render"
    wagtails.render(Context(context))
    assert built, "Wagtail's own tags build them on every render (what this avoids)"


def test_site_templates_load_the_image_tags_that_keep_their_filters():
    loading_wagtails = [
        str(path.relative_to(ROOT))
        for folder in ("templates", "home", "guides", "shop")
        for path in (ROOT / folder).rglob("*.html")
        if "wagtailimages_tags" in path.read_text()
    ]
    assert loading_wagtails == [], "use {% load unknot_images %}"


@pytest.mark.django_db
def test_a_prefetched_rendition_is_not_written_back_to_the_cache(monkeypatch):
    image = get_image_model().objects.create(
        title="Roller", file=get_test_image_file(size=(400, 300))
    )
    source = "{% load LIB %}{% image img fill-40x40 %}{% image img width-90 as r %}"
    ours = Template(source.replace("LIB", "unknot_images"))
    wagtails = Template(source.replace("LIB", "wagtailimages_tags"))
    ours.render(Context({"img": image}))  # creates both renditions

    writes = []
    backend = image.get_rendition_model().cache_backend
    for name in ("set", "set_many"):
        original = getattr(backend, name)
        monkeypatch.setattr(
            backend,
            name,
            lambda *args, _original=original, **kwargs: (
                writes.append(args),
                _original(*args, **kwargs),
            )[1],
        )

    def prefetched():
        fresh = get_image_model().objects.prefetch_related("renditions").get()
        return Context({"img": fresh})

    html = ours.render(prefetched())
    assert writes == []
    assert html == wagtails.render(prefetched())
    assert writes, "Wagtail's own {% image %} writes each rendition back (avoided)"
