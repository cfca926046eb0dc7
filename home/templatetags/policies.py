"""Links to the policy pages, for the footer, checkout and e-mails."""

from django import template

from home.models import PolicyPage

register = template.Library()


def _policies(context) -> dict[str, PolicyPage]:
    """The live policy pages by kind, looked up once per request."""
    request = context.get("request")
    cached = getattr(request, "_policy_pages", None)
    if cached is None:
        cached = PolicyPage.live_by_kind()
        if request is not None:
            request._policy_pages = cached
    return cached


@register.simple_tag(takes_context=True)
def policy_pages(context) -> dict[str, PolicyPage]:
    """The live policy pages by kind ("terms", "returns", …)."""
    return _policies(context)


@register.simple_tag(takes_context=True)
def pageurl_for_policy(context, kind: str) -> str:
    """The URL of the live policy page of `kind`, or "" when there is none (worked
    out once per request: a page shows the privacy notice's address in each of its
    forms)."""
    request = context.get("request")
    urls = getattr(request, "_policy_urls", None)
    if urls is None:
        urls = {}
        if request is not None:
            request._policy_urls = urls
    if kind not in urls:
        page = _policies(context).get(kind)
        urls[kind] = page.get_url(request) if page else ""
    return urls[kind]
