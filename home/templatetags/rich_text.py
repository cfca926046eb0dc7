"""`{{ value|clean_richtext }}`: the only way rich text reaches a template.

It cleans the stored value with `home.rich_text.clean_rich_text` and only then lets
Wagtail expand internal links and wrap it, so nothing stored unclean (by an import, a
script, the API or a migration) can run in a reader's browser. Wagtail's own
`|richtext` would render what is stored as it is; tests/home/test_rich_text_safety.py
keeps it out of our templates.
"""

from django import template
from wagtail.templatetags.wagtailcore_tags import richtext

from home.rich_text import clean_rich_text

register = template.Library()


@register.filter
def clean_richtext(value):
    return richtext(clean_rich_text(value))
