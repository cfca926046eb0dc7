"""`{{ text|user_text }}`: a reader's text shown safely (see `home.user_content`).

Escaped (no HTML survives), paragraphs and line breaks kept, addresses linked with
`rel="nofollow ugc"`. Never show reader text with `|safe` or a rich-text filter.
"""

from django import template

from home.user_content import render_user_text

register = template.Library()


@register.filter
def user_text(value):
    return render_user_text(str(value or ""))
