"""Links to the policy pages, for the footer, checkout and e-mails."""

from django import template

from home.models import PolicyPage

register = template.Library()


@register.simple_tag
def policy_pages() -> dict[str, PolicyPage]:
    """The live policy pages by kind ("terms", "returns", …)."""
    return PolicyPage.live_by_kind()


@register.simple_tag(takes_context=True)
def pageurl_for_policy(context, kind: str) -> str:
    """The URL of the live policy page of `kind`, or "" when there is none."""
    page = PolicyPage.live_by_kind().get(kind)
    return page.get_url(context.get("request")) if page else ""
