"""`{% signposts as posts %}`: the site-wide tools upper apps registered
(`home.extensions.register_signpost`), for `includes/signposts.html`."""

from django import template

from home.extensions import signposts as registered

register = template.Library()


@register.simple_tag
def signposts():
    return registered()
