"""The newsletter's public views: sign up, confirm, download, unsubscribe.

Thin: they parse, call services.py and render. None of these responses is cached
(each is about one person); the sign-up boxes themselves sit on cached pages and get
their CSRF token from /visitor.json.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from home.double_opt_in import LinkExpired, LinkInvalid, signup_wait_minutes
from home.models import SiteSettings

from . import services
from .consent import CURRENT
from .forms import SignUpForm, UnsubscribeForm
from .links import (
    CONFIRM,
    FREE_GUIDE,
    UNSUBSCRIBE,
    confirmation_is_current,
    free_guide_path,
    subscriber_for,
    unsubscribe_path,
)
from .models import FreeGuidePage
from .pdf import free_guide_pdf


def _page(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    return render(request, f"newsletter/{template}.html", context, status=status)


def _link_problem(request, error: LinkInvalid) -> HttpResponse:
    expired = isinstance(error, LinkExpired)
    return _page(
        request,
        "link_problem",
        {"expired": expired, "message": error.message, "form": _fresh_form(request)},
        status=410 if expired else 400,
    )


def _fresh_form(request, email: str = "") -> SignUpForm:
    """The "sign up again" form of the newsletter's own pages (whose paths carry a
    token, which is no source worth recording)."""
    return SignUpForm(
        initial={"email": email, "wording": CURRENT.version, "source": "/newsletter/"},
        auto_id="signup-again-%s",
    )


@never_cache
@require_POST
def subscribe(request: HttpRequest) -> HttpResponse:
    form = SignUpForm(request.POST, auto_id="signup-again-%s")
    if not form.is_valid():
        return _page(request, "signup_result", {"form": form}, status=400)
    wait = signup_wait_minutes(request, "newsletter")
    if wait:
        return _page(
            request, "signup_result", {"rate_limited": wait, "form": None}, status=429
        )
    guide_id = form.cleaned_data["guide"]
    guides = FreeGuidePage.objects.live().public()
    guide = (guides.filter(pk=guide_id) if guide_id else guides).first()
    result = services.sign_up(
        email=form.cleaned_data["email"],
        wording=form.cleaned_data["wording"],
        source=form.cleaned_data["source"],
        free_guide=guide,
    )
    return _page(
        request,
        "signup_result",
        {"result": result.outcome.name, "wait": result.wait_minutes, "form": None},
    )


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail. Used twice, or after unsubscribing, it
    changes nothing and says why."""
    try:
        subscriber, payload = subscriber_for(CONFIRM, token)
    except LinkInvalid as error:
        return _link_problem(request, error)
    if subscriber.is_confirmed:
        state = "already"
    elif not confirmation_is_current(subscriber, payload):
        return _link_problem(request, LinkInvalid())
    else:
        state = "confirmed" if services.confirm(subscriber) else "withdrawn"
    subscriber.refresh_from_db()
    return _page(
        request,
        "confirmed",
        {
            "state": state,
            "subscriber": subscriber,
            "download_url": free_guide_path(subscriber)
            if subscriber.is_confirmed
            else "",
            "unsubscribe_url": unsubscribe_path(subscriber),
        },
    )


@never_cache
def free_guide(request: HttpRequest, token: str) -> HttpResponse:
    """The PDF, for a confirmed subscriber's unexpired link only."""
    try:
        subscriber, _ = subscriber_for(FREE_GUIDE, token)
    except LinkInvalid as error:
        return _link_problem(request, error)
    if not subscriber.is_confirmed:
        return _link_problem(request, LinkInvalid())
    guides = FreeGuidePage.objects.live().public()
    guide = (
        guides.filter(pk=subscriber.free_guide_id).first()
        if subscriber.free_guide_id
        else None
    ) or guides.first()
    if guide is None:
        return _page(request, "no_guide", {}, status=404)
    site_settings = SiteSettings.for_request(request)
    response = HttpResponse(
        free_guide_pdf(guide, disclaimer=site_settings.medical_disclaimer),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="{guide.slug}.pdf"'
    return response


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from any e-mail (the link, or the mail client's own button)."""
    try:
        subscriber, _ = subscriber_for(UNSUBSCRIBE, token)
    except LinkInvalid as error:
        return _link_problem(request, error)
    services.unsubscribe(subscriber, how="link in e-mail")
    return _page(
        request,
        "unsubscribed",
        {"form": _fresh_form(request, subscriber.email), "email": subscriber.email},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest) -> HttpResponse:
    """For anyone without an e-mail at hand. It says the same whether or not the
    address was on the list, so nobody learns who is."""
    form = UnsubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.unsubscribe_address(form.cleaned_data["email"])
        return _page(request, "unsubscribed", {"form": None, "email": ""})
    status = 400 if request.method == "POST" else 200
    return _page(request, "unsubscribe_page", {"form": form}, status=status)
