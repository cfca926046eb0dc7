"""`{% reader_comments page %}`: approved comments under a page, and the form.

The same HTML for every reader (the page is cached): the form's CSRF and fill-time
tokens are filled in from `/visitor.json`. Comments come newest first, ten to a
page of `?comments=N`; a number that is not one shows the first page.
"""

from django import template
from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject

from guides.comments.forms import CommentForm
from guides.comments.models import Comment
from home.request_numbers import parse_int
from home.tree_cache import per_tree_generation

register = template.Library()

PER_PAGE = 10
#: Part of the kept first page's key: change it when what is kept changes shape.
FIRST_PAGE_VERSION = 1


@register.inclusion_tag("guides/comments/includes/section.html", takes_context=True)
def reader_comments(context, page):
    request = context.get("request")
    if not getattr(page, "pk", None):  # the preview of a page never saved
        return {"page": None}
    raw = request.GET.get("comments") if request is not None else None
    number = parse_int(raw, min_value=1, max_value=10_000) or 1
    shown = Comment.objects.shown_on(page).filter(promoted_at__isnull=True)
    if number == 1:
        # Most pages have one page of comments or none: reading one row more than
        # fits tells so without the paginator's separate count. Kept until the
        # page tree next changes (moderation readers can see starts a new one).
        first = per_tree_generation(
            page,
            request,
            FIRST_PAGE_VERSION,
            lambda: list(shown[: PER_PAGE + 1]),
            part="comments",
        )
        if len(first) <= PER_PAGE:
            shown = first
    comments = Paginator(shown, PER_PAGE).get_page(number)
    return {
        "request": request,
        "page": page,
        "comments": comments,
        # Made only when the kept empty form has to be rendered again.
        "form": SimpleLazyObject(lambda: CommentForm(auto_id="comment-%s")),
        "cached": True,
    }
