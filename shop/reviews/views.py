"""The review form, opened only by the signed link in the order e-mail.

Thin: check the link (`links.check_link`), read the form, hand it to
`services.submit_review`, redirect to the same address, which then thanks the buyer.
Every refusal is a page that says why, with a fitting status; nothing is stored.
Per-visitor and never cached; the token is in the URL, so the pages keep it from
other sites (`Referrer-Policy: same-origin`) and search engines.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from home.user_content import RateLimited, check_rate_limits, rate_limited_response

from .exceptions import AlreadyReviewed, ReviewRefused
from .forms import ReviewForm
from .links import check_link
from .models import Review
from .services import submit_review


def _private(response: HttpResponse) -> HttpResponse:
    # The token is in the URL: never send it to another site. Not "no-referrer":
    # that also blanks the Origin of the form's own POST, which CSRF checks.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _thanks(request, review: Review, *, status: int = 200) -> HttpResponse:
    return _private(
        render(
            request,
            "shop/reviews/thanks.html",
            {"review": review, "product": review.product, "again": status == 409},
            status=status,
        )
    )


@never_cache
@require_http_methods(["GET", "POST"])
def write_review(request: HttpRequest, token: str) -> HttpResponse:
    try:
        link = check_link(token)
    except ReviewRefused as refusal:
        return _private(
            render(
                request,
                "shop/reviews/refused.html",
                {"refusal": refusal},
                status=refusal.status,
            )
        )
    order, product = link.order, link.product
    existing = Review.objects.filter(order=order, product=product).first()
    if existing is not None:
        return _thanks(
            request, existing, status=409 if request.method == "POST" else 200
        )

    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same limits as reader comments, per IP and per buyer's address.
        try:
            check_rate_limits(request, scope="reviews", email=order.email)
        except RateLimited as error:
            return _private(
                rate_limited_response(
                    request, error, context={"back_url": request.path}
                )
            )
        try:
            submit_review(
                order=order,
                product=product,
                rating=form.cleaned_data["rating"],
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                author_name=form.cleaned_data["author_name"],
            )
        except AlreadyReviewed as already:
            return _thanks(request, already.review, status=409)
        return redirect(request.path)
    return _private(
        render(
            request,
            "shop/reviews/write.html",
            {"form": form, "order": order, "product": product},
            # A form left open for a day only needs sending again: not an error.
            status=400 if form.is_bound and not form.retry else 200,
        )
    )
