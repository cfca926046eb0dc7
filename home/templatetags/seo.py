"""Search-engine markup shared by every page: JSON-LD scripts and breadcrumbs.

`{% json_ld data %}` writes a dict or list as a `<script type="application/ld+json">`
that cannot be broken out of; `{% breadcrumb_json_ld %}` describes the page's place in
the tree as a schema.org BreadcrumbList (base.html adds it to every page).
"""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from home.page_tree import ancestors_of

register = template.Library()

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
def json_ld(data):
    """Render schema.org data (a dict or a list of dicts) as JSON-LD script tags."""
    return render_json_ld(data)


def breadcrumb_data(page, request) -> dict | None:
    """A BreadcrumbList from the home page down to `page`; None for the home page."""
    if page is None or not getattr(page, "depth", None) or page.depth <= 2:
        return None
    trail = [a for a in ancestors_of(page, request) if a.depth > 1]
    trail.append(page)
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
def page_ancestors(context, page) -> list:
    """The page's ancestors, root first, read once per request (`home.page_tree`)."""
    return ancestors_of(page, context.get("request"))


@register.simple_tag(takes_context=True)
def absolute_url(context, url: str) -> str:
    """An absolute URL for Open Graph tags, which do not accept relative ones."""
    request = context.get("request")
    return request.build_absolute_uri(url) if request else url
