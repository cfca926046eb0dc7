"""Search-engine markup shared by every page: JSON-LD scripts and breadcrumbs.

`{% json_ld data %}` writes a dict or list as a `<script type="application/ld+json">`
that cannot be broken out of; `{% breadcrumb_json_ld %}` describes the page's place in
the tree as a schema.org BreadcrumbList (base.html adds it to every page);
`{% share_data page as share %}` says what the Open Graph and Twitter tags describe.
"""

import json
from dataclasses import dataclass

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from home.routing import ancestors_below_root

register = template.Library()


@dataclass(frozen=True)
class ShareData:
    """What a shared link to a page shows (includes/social_meta.html)."""

    type: str
    title: str
    description: str
    image: object | None  # a Wagtail image


@register.simple_tag
def share_data(page) -> ShareData:
    """Page types may define `og_type` ("article"), `share_image`, `card_image` and
    `card_summary`; the others get the defaults. Read here rather than in the
    template: a template lookup of a missing attribute lists the object's every
    attribute (`dir()`) before it gives up, about 0.1 ms a time on a page object."""
    return ShareData(
        type=getattr(page, "og_type", None) or "website",
        title=getattr(page, "seo_title", "") or getattr(page, "title", ""),
        description=getattr(page, "search_description", "")
        or getattr(page, "card_summary", "")
        or "",
        image=getattr(page, "share_image", None) or getattr(page, "card_image", None),
    )


# The same escapes as Django's json_script: nothing in the data can close the tag.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def render_json_ld(data) -> str:
    if not data:
        return ""
    items = data if isinstance(data, list) else [data]
    return mark_safe(  # noqa: S308 - the JSON is escaped above
        "".join(
            '<script type="application/ld+json">'
            + json.dumps(item, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
                _ESCAPES
            )
            + "</script>"
            for item in items
        )
    )


@register.simple_tag
def breadcrumb_trail(page):
    """`{% breadcrumb_trail page as ancestors %}`: the page's ancestors from the home
    page down, from its route when it has one (no query)."""
    return ancestors_below_root(page)


@register.simple_tag
def json_ld(data):
    """Render schema.org data (a dict or a list of dicts) as JSON-LD script tags."""
    return render_json_ld(data)


def breadcrumb_data(page, request) -> dict | None:
    """A BreadcrumbList from the home page down to `page`; None for the home page."""
    if page is None or not getattr(page, "depth", None) or page.depth <= 2:
        return None
    trail = [*ancestors_below_root(page), page]
    items = []
    for position, crumb in enumerate(trail, start=1):
        url = crumb.get_full_url(request) if crumb.pk else None
        item = {
            "@type": "ListItem",
            "position": position,
            "name": "Home" if crumb.depth == 2 else crumb.title,
        }
        if url:
            item["item"] = url
        items.append(item)
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    }


@register.simple_tag(takes_context=True)
def breadcrumb_json_ld(context):
    return render_json_ld(breadcrumb_data(context.get("page"), context.get("request")))


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """An absolute URL for Open Graph tags, which do not accept relative ones."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
