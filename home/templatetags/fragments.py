"""Keys for `{% cache %}` fragments that show what the page tree holds.

`{% tree_generation as generation %}` gives the current page-tree generation
(`home/tree_cache.py`): it changes whenever a page is published, unpublished, moved
or deleted, and whenever a site, its settings, a picture or a taxonomy row is saved,
so a fragment keyed on it is never served after what it shows has changed.
"""

from django import template

from home.tree_cache import current_generation

register = template.Library()


@register.simple_tag
def tree_generation() -> str:
    return current_generation()
