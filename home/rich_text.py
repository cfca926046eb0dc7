"""The one sanitiser for editor-authored HTML, whatever wrote it.

Rich text reaches the database through the admin's editor, but also through demo data,
imports, scripts, the API and data migrations, none of which the editor cleans. So
templates never trust what is stored: every rich-text value is cleaned on its way out
by the `clean_richtext` filter (`home/templatetags/rich_text.py`), and plain-text uses
(JSON-LD, e-mails) take `rich_text_as_text`. Both rest on `clean_rich_text`, which the
guides' blocks and pages also apply when they store a value.
"""

import functools

from bs4 import BeautifulSoup
from django.utils.html import strip_tags
from wagtail.rich_text import RichText
from wagtail.whitelist import Whitelister, attribute_rule, check_url


class StoredRichTextWhitelister(Whitelister):
    """Keeps only the tags our rich-text features produce, in Wagtail's stored format.

    Wagtail's internal-link attributes survive; links with a scheme other than http(s),
    mailto, tel or ftp lose their href (in any letter case, with control characters or
    entities inside); dangerous elements go together with their content instead of
    being unwrapped into text; any other tag (SVG, img, forms) is unwrapped and loses
    its attributes, event handlers included.
    """

    REMOVE_WITH_CONTENT = {
        "script",
        "style",
        "iframe",
        "object",
        "embed",
        "template",
        "noscript",
        "textarea",
        "title",
    }

    element_rules = {
        "[document]": attribute_rule({}),
        "p": attribute_rule({}),
        # Headings the policy pages (h2, h3) and product texts (h3, h4) may use.
        "h2": attribute_rule({}),
        "h3": attribute_rule({}),
        "h4": attribute_rule({}),
        "br": attribute_rule({}),
        "b": attribute_rule({}),
        "strong": attribute_rule({}),
        "i": attribute_rule({}),
        "em": attribute_rule({}),
        "ul": attribute_rule({}),
        "ol": attribute_rule({}),
        "li": attribute_rule({}),
        "a": attribute_rule({"href": check_url, "linktype": True, "id": True}),
    }

    def clean_tag_node(self, doc, tag):
        if tag.name in self.REMOVE_WITH_CONTENT:
            tag.decompose()
            return
        super().clean_tag_node(doc, tag)


def clean_rich_text(html) -> str:
    """Stored-format rich text with only the allowed tags and safe links.

    Accepts a string or a Wagtail `RichText` (its stored source is cleaned).
    """
    if isinstance(html, RichText):
        html = html.source
    if not html:
        return ""
    return _clean(str(html))


# Cleaning parses the HTML twice; every render of a page cleans each of its rich-text
# values again (templates trust nothing stored). The result depends on the input
# alone, so each process keeps the latest few thousand.
@functools.lru_cache(maxsize=2048)
def _clean(html: str) -> str:
    cleaned = StoredRichTextWhitelister().clean(html)
    # A link whose only attribute was an unsafe href is now a bare <a>: unwrap it.
    soup = BeautifulSoup(cleaned, "html.parser")
    for anchor in soup.find_all("a"):
        if not anchor.attrs:
            anchor.unwrap()
    return str(soup)


def rich_text_as_text(html) -> str:
    """The words of a rich-text value, for JSON-LD, e-mails and other plain text."""
    return " ".join(strip_tags(clean_rich_text(html)).split())
