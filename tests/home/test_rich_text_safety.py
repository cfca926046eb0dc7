"""Rich text stored unclean (by an import, a script, the API) never runs in a browser.

Every rich-text field of every model, and every rich-text block of every StreamField,
is written straight into the database with hostile HTML, past the editor and past
any cleaning on save, and the page that shows it is rendered.
"""

import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from wagtail import blocks
from wagtail.fields import RichTextField, StreamField

from home.models import HomePage, PolicyPage
from home.rich_text import clean_rich_text, rich_text_as_text
from tests.factories import ProductPageFactory
from tests.guides.factories import GuidePageFactory, ReliefMethodPageFactory

# Each one tries to run `alert(` in the reader's browser in its own way.
HOSTILE = [
    "<p>one<script>alert(1)</script></p>",
    '<p><img src="x" onerror="alert(2)"></p>',
    '<p onclick="alert(3)" onmouseover="alert(3)">three</p>',
    '<p><a href="javascript:alert(4)">four</a></p>',
    '<p><a href="JaVaScRiPt:alert(5)">five</a></p>',
    '<p><a href="java&#x09;script:alert(6)">six</a></p>',
    '<p><a href="  JAVASCRIPT:alert(7)">seven</a></p>',
    '<svg onload="alert(8)"><script>alert(9)</script><a href="javascript:alert(10)">'
    "ten</a></svg>",
    '<p><a href="data:text/html,<script>alert(11)</script>">eleven</a></p>',
    "<style>body{background:url(javascript:alert(12))}</style><p>twelve</p>",
    '<iframe src="javascript:alert(13)"></iframe>',
]
HOSTILE_HTML = "".join(HOSTILE)
# Every attack carries `alert(`; whatever survives of one (a handler, a URL, a
# script's text) would show it.
DANGER = re.compile(r"alert\(|javascript:", re.IGNORECASE)


def _dangers(html: str) -> list[str]:
    return DANGER.findall(html)


def _rich_text_places() -> set[tuple[str, ...]]:
    """(model label, field, block path…) for every rich-text value any model stores."""

    def walk(block, path):
        if isinstance(block, blocks.RichTextBlock):
            yield path
        for name, child in getattr(block, "child_blocks", {}).items():
            yield from walk(child, (*path, name))
        if hasattr(block, "child_block"):
            yield from walk(block.child_block, (*path, "item"))

    places = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if getattr(field, "model", None) is not model:
                continue
            if isinstance(field, RichTextField):
                places.add((model._meta.label, field.name))
            elif isinstance(field, StreamField):
                places.update(
                    (model._meta.label, *path)
                    for path in walk(field.stream_block, (field.name,))
                )
    return places


def _stream_value(path: tuple[str, ...]) -> list[dict]:
    """A one-block stream holding the hostile HTML at `path` (block, sub-field)."""
    block, *rest = path
    if not rest:
        return [{"type": block, "value": HOSTILE_HTML}]
    if block == "callout":
        return [
            {
                "type": block,
                "value": {"tone": "info", "title": "T", "text": HOSTILE_HTML},
            }
        ]
    if block == "question":
        return [
            {
                "type": block,
                "value": {
                    "question": "Why?",
                    "asked_by": "A reader",
                    "answer": HOSTILE_HTML,
                    "answered_by": None,
                },
            }
        ]
    raise AssertionError(f"No hostile value for {path}: add one here.")


def _policy_page():
    home = HomePage.objects.get()
    page = PolicyPage(
        title="Returns", slug="returns", kind="returns", version="1", body="<p>x</p>"
    )
    home.add_child(instance=page)
    return page


def _page_for(label: str):
    model = apps.get_model(label)
    factory = {
        "home.PolicyPage": _policy_page,
        "catalogue.ProductPage": ProductPageFactory,
        "guides.GuidePage": GuidePageFactory,
        "guides.ReliefMethodPage": ReliefMethodPageFactory,
    }[label]
    page = factory()
    return model.objects.get(pk=page.pk)


def _write_raw(page, field_name: str, value) -> None:
    """Store `value` in the page's column directly: no editor, no save(), no block."""
    field = type(page)._meta.get_field(field_name)
    table = connection.ops.quote_name(field.model._meta.db_table)
    column = connection.ops.quote_name(field.column)
    raw = json.dumps(value) if isinstance(field, StreamField) else value
    pk_column = connection.ops.quote_name(field.model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s WHERE {pk_column} = %s",  # noqa: S608
            [raw, page.pk],
        )


# Rich text no page shows, drawn as plain text into a PDF only: the free guide's
# paragraphs (tests/guides/newsletter/test_links_and_admin.py tries hostile HTML).
PDF_ONLY = {("newsletter.FreeGuidePage", "body", "paragraph")}

COVERED = {
    ("home.PolicyPage", "body"),
    ("catalogue.ProductPage", "description"),
    ("catalogue.ProductPage", "care_and_safety"),
    ("guides.ReliefMethodPage", "when_it_helps"),
    ("guides.ReliefMethodPage", "cautions"),
    ("guides.ReliefMethodPage", "body", "paragraph"),
    ("guides.ReliefMethodPage", "body", "callout", "text"),
    ("guides.ReliefMethodPage", "body", "question", "answer"),
    ("guides.GuidePage", "body", "paragraph"),
    ("guides.GuidePage", "body", "callout", "text"),
    ("guides.GuidePage", "body", "question", "answer"),
}


def test_every_rich_text_place_of_every_model_is_covered_here():
    assert _rich_text_places() == COVERED | PDF_ONLY


@pytest.mark.django_db
@pytest.mark.parametrize("place", sorted(COVERED), ids="-".join)
def test_hostile_html_stored_past_the_editor_never_reaches_the_page(client, place):
    label, field_name, *path = place
    page = _page_for(label)
    value = _stream_value(tuple(path)) if path else HOSTILE_HTML
    _write_raw(page, field_name, value)

    response = client.get(page.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert _dangers(html) == []
    # The harmless words around the attacks are still there.
    assert "twelve" in html


@pytest.mark.parametrize("attack", HOSTILE)
def test_the_sanitiser_removes_each_attack(attack):
    assert _dangers(clean_rich_text(attack)) == []
    assert "alert(" not in rich_text_as_text(attack)


def test_the_sanitiser_keeps_what_editors_write():
    html = (
        '<p>A <b>firm</b> <i>slow</i> stretch, <a href="https://example.org/a">'
        'source</a>, <a id="3" linktype="page">our guide</a>.</p><ul><li>one</li></ul>'
    )
    assert clean_rich_text(html) == html


def test_the_sanitiser_keeps_the_headings_policy_pages_and_products_offer():
    # The policy pages' editor offers h2 and h3, product texts h3 and h4.
    html = "<h2>Right of withdrawal</h2><p>14 days.</p><h3>Form</h3><h4>Care</h4>"
    assert clean_rich_text(html) == html
    assert clean_rich_text('<h2 onclick="x()">A</h2>') == "<h2>A</h2>"


def test_templates_show_rich_text_only_through_the_sanitiser():
    """Wagtail's |richtext renders what is stored as it is; |safe trusts anything.

    Plain-text e-mail bodies (.txt) may switch autoescaping off: no browser renders
    them as HTML, and rich text reaches them only through `rich_text_as_text`.
    """
    unsafe = re.compile(r"\|\s*(richtext|safe|safeseq)\b")
    unescaped = re.compile(r"autoescape\s+off")
    offenders = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in Path(folder).rglob("*.*"):
            if path.suffix not in {".html", ".txt", ".xml", ".svg"}:
                continue
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if unsafe.search(line) or (
                    path.suffix != ".txt" and unescaped.search(line)
                ):
                    offenders.append(f"{path}:{number}: {line.strip()}")
    assert offenders == []
