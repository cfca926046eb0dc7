"""Public views of back-in-stock alerts: ask, confirm, cancel. Thin: parse, call
services.py, render; never cached (each is about one shopper)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from home.double_opt_in import (
    LinkExpired,
    LinkInvalid,
    clean_source,
    signup_wait_minutes,
)

from . import services
from .forms import AlertForm
from .links import alert_for_cancel, read_confirmation


def _page(request, context: dict, status: int = 200) -> HttpResponse:
    return render(request, "shop/alerts/result.html", context, status=status)


def _link_problem(request, error: LinkInvalid) -> HttpResponse:
    expired = isinstance(error, LinkExpired)
    return _page(
        request,
        {"state": "expired" if expired else "invalid", "message": error.message},
        status=410 if expired else 400,
    )


@never_cache
@require_POST
def ask(request: HttpRequest) -> HttpResponse:
    form = AlertForm(request.POST)
    if not form.is_valid():
        return _page(request, {"state": "form", "form": form}, status=400)
    wait = signup_wait_minutes(request, "alerts")
    if wait:
        return _page(request, {"state": "rate_limited", "wait": wait}, status=429)
    variant = form.cleaned_data["variant"]
    result = services.ask(
        variant=variant,
        email=form.cleaned_data["email"],
        source=clean_source(request.POST.get("source", "")),
    )
    return _page(
        request,
        {
            "state": result.outcome.name.lower(),
            "variant": variant,
            "wait": result.wait_minutes,
        },
    )


@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation e-mail; used again, it changes nothing."""
    try:
        email, requested_until = read_confirmation(token)
    except LinkInvalid as error:
        return _link_problem(request, error)
    alerts = services.confirm_address(email, requested_until=requested_until)
    return _page(
        request,
        {"state": "confirmed" if alerts else "nothing_to_confirm", "alerts": alerts},
    )


@never_cache
@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" here
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    try:
        alert = alert_for_cancel(token)
    except LinkInvalid as error:
        return _link_problem(request, error)
    cancelled = services.cancel(alert)
    return _page(
        request,
        {"state": "cancelled" if cancelled else "closed", "variant": alert.variant},
    )
