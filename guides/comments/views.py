"""The reader's side: send a comment, see it is held, unsubscribe from answers.

The form sits on cached guide and method pages, so it carries no visitor data: its
CSRF and fill-time tokens come from `/visitor.json`. Every answer here is for one
visitor only (never cached). A post that fails a check changes nothing and shows the
form again, filled in, with the reason.
"""

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from home.request_numbers import parse_id
from home.user_content import RateLimited, check_rate_limits, rate_limited_response

from . import services
from .emails import email_from_unsubscribe_token
from .forms import CommentForm
from .models import Comment

RATE_SCOPE = "comments"
_SENT_SALT = "guides.comments.sent"
SENT_LINK_MAX_AGE = 60 * 60 * 24


def _page_or_404(page_id) -> object:
    page = services.commentable_page(parse_id(page_id) or 0)
    if page is None:
        raise Http404("No page takes comments here.")
    return page


def _form_page(request, page, form, *, status: int, notice: str = ""):
    return render(
        request,
        "guides/comments/form_page.html",
        {"page": page, "form": form, "notice": notice},
        status=status,
    )


@require_POST
def post_comment(request: HttpRequest, page_id: str) -> HttpResponse:
    page = _page_or_404(page_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        if form.retry:
            return _form_page(request, page, form, status=200, notice=form.NOT_STARTED)
        return _form_page(request, page, form, status=400)
    data = form.cleaned_data
    try:
        check_rate_limits(request, scope=RATE_SCOPE, email=data["email"])
    except RateLimited as error:
        return rate_limited_response(
            request, error, context={"back_url": page.url, "page": page}
        )
    comment = services.submit_comment(
        page=page,
        name=data["name"],
        email=data["email"],
        text=data["text"],
        notify_on_answer=data["notify_on_answer"],
    )
    token = signing.dumps(comment.pk, salt=_SENT_SALT)
    return redirect("comments:sent", token=token)


def sent(request: HttpRequest, token: str) -> HttpResponse:
    """Thank you, held for moderation; the care cards of any red flag named."""
    try:
        comment_id = signing.loads(token, salt=_SENT_SALT, max_age=SENT_LINK_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404("This link has expired.") from error
    comment = (
        Comment.objects.select_related("page")
        .prefetch_related("red_flags")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    flags = sorted(comment.red_flags.all(), key=lambda flag: flag.urgency)
    return render(
        request,
        "guides/comments/sent.html",
        {"comment": comment, "page": comment.page.specific, "red_flags": flags},
    )


def is_comment_post(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return request.method == "POST" and bool(
        match and match.view_name == "comments:post"
    )


def csrf_retry(request: HttpRequest, reason: str = "") -> HttpResponse:
    """The form again, filled in, with this visitor's own token: one more click."""
    match = request.resolver_match
    page = _page_or_404(match.kwargs.get("page_id") if match else None)
    form = CommentForm(initial=request.POST.dict())
    return _form_page(
        request,
        page,
        form,
        status=403,
        notice="For your security, please check what you wrote and send it again. "
        "Nothing has been sent yet.",
    )


@csrf_exempt  # the signed token in the link is the proof; mail clients post it bare
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop "your question was answered" e-mails: a button, or a mail client's
    one-click POST (RFC 8058). Both need the signed link from an e-mail we sent."""
    email = email_from_unsubscribe_token(token)
    if email is None:
        return render(request, "guides/comments/unsubscribe.html", {}, status=400)
    if request.method == "POST":
        services.opt_out(email=email)
        return render(request, "guides/comments/unsubscribe.html", {"done": True})
    return render(
        request,
        "guides/comments/unsubscribe.html",
        {"email": email, "action": reverse("comments:unsubscribe", args=[token])},
    )
