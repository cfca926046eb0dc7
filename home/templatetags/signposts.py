"""`{% signposts as posts %}`: the site-wide tools upper apps registered
(`home.extensions.register_signpost`), for `includes/signposts.html`."""

from django import template

from home.extensions import footer_sections as registered_footer_sections
from home.extensions import signposts as registered

register = template.Library()


@register.simple_tag
def signposts():
    return registered()


@register.simple_tag
def footer_sections():
    """Templates upper apps add to the footer (`register_footer_section`)."""
    return registered_footer_sections()
