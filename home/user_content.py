"""Abuse rules for anything readers write that other readers will see.

Reader questions and comments (guides) and product reviews (shop) both take text from
strangers. They share these rules, kept here in the base layer so both sides can use
them:

- `UserContentForm`: a form base with a **honeypot** field (`website`, hidden from
  people, filled by bots) and a **minimum fill time** (`form_started`, a signed
  timestamp; too fast, too old or missing is a form error). Declare the reader's text
  fields on the subclass with `max_length` (the **length limit**) and name them in
  `text_fields`: each is checked for **too many links** (`max_links`) and for terms
  on the **blocklist**.
- `form_started_token()`: the signed timestamp. Cached pages render the field empty;
  `/visitor.json` hands out a fresh one (`form_started`) that static/js/site.js puts
  into every `input[name=form_started]`. Without JavaScript the first post comes back
  with a fresh token for one more click (`UserContentForm.retry` says so). A post
  whose CSRF token was someone else's (a cached page, no JavaScript) reaches the
  handler its app registered with `home.extensions.register_csrf_failure_handler`,
  which shows the form again, filled in, with this visitor's token.
- `check_rate_limits(request, scope=..., email=...)`: counts one submission per
  client IP and per e-mail address in Django's cache (django-ratelimit) and raises
  `RateLimited` past `USER_CONTENT_RATE_PER_IP` / `USER_CONTENT_RATE_PER_EMAIL`;
  `rate_limited_response()` turns it into HTTP 429 with `Retry-After` and the
  "try again in N minutes" message. Call it once the form is valid, before saving.
- `blocked_terms_in(text)`: the `BlockedTerm` snippets (marketers edit them under
  Snippets) that occur in the text, as whole words or phrases, any letter case.
- `count_links(text)` and the template filter `{{ text|user_text }}`
  (`{% load user_content %}`): the text escaped (no HTML survives), paragraphs and
  line breaks kept, web addresses turned into links with `rel="nofollow ugc"`.

Settings (config/settings/base.py): `USER_CONTENT_MIN_FILL_SECONDS`,
`USER_CONTENT_FORM_MAX_AGE`, `USER_CONTENT_MAX_LINKS`, `USER_CONTENT_RATE_PER_IP`,
`USER_CONTENT_RATE_PER_EMAIL` (django-ratelimit rates such as "5/h").
"""

from __future__ import annotations

import functools
import math
import re
import time
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django_ratelimit.core import get_usage

HONEYPOT_FIELD = "website"
STARTED_FIELD = "form_started"
_STARTED_SALT = "home.user_content.form-started"


# --- Minimum fill time ----------------------------------------------------------------


def form_started_token(*, at: float | None = None) -> str:
    """A signed "the form was handed out now" (or `at`); only this server makes one."""
    return signing.dumps({"t": time.time() if at is None else at}, salt=_STARTED_SALT)


def seconds_since_started(token: str) -> float | None:
    """How long ago `token` was made, or None when it is missing, forged or too old."""
    try:
        data = signing.loads(token, salt=_STARTED_SALT)
    except signing.BadSignature:
        return None
    started = data.get("t") if isinstance(data, dict) else None
    if not isinstance(started, int | float):
        return None
    age = time.time() - started
    return age if age <= settings.USER_CONTENT_FORM_MAX_AGE else None


# --- Links and escaping ---------------------------------------------------------------


class _UgcUrlizer(Urlizer):
    """Django's urlize, every link marked as user-generated and not endorsed."""

    url_template = '<a href="{href}" rel="nofollow ugc"{attrs}>{url}</a>'


_urlize = _UgcUrlizer()
_LINK_TRIM = 60


def linked_text(text: str) -> SafeString:
    """`text` escaped, with its web and e-mail addresses as `nofollow ugc` links."""
    return mark_safe(  # noqa: S308 (urlize escaped everything that is not its link)
        _urlize(text, trim_url_limit=_LINK_TRIM, nofollow=False, autoescape=True)
    )


def count_links(text: str) -> int:
    """The number of links `text` would show (web addresses, bare domains, e-mails)."""
    return linked_text(text).count("<a ")


@functools.lru_cache(maxsize=1024)
def render_user_text(text: str) -> SafeString:
    """Safe HTML of `text`: escaped, paragraphs, line breaks, `nofollow ugc` links.

    A pure function of the text, kept for the texts last shown: Django's urlize
    costs more than the rest of a comment's HTML together, and the same approved
    comments and reviews are shown on every view of their page."""
    return mark_safe(linebreaks(linked_text(text)))  # noqa: S308 (escaped above)


# --- Blocklist ------------------------------------------------------------------------


def blocked_terms_in(*texts: str) -> list[str]:
    """Blocklisted terms found in any of `texts`, each once, in the blocklist's order.

    A term matches as a whole word or phrase in any letter case ("pills" does not
    match "spills"); a term such as a domain matches wherever it stands as a word.
    """
    from .models import BlockedTerm

    haystack = "\n".join(texts)
    found = []
    for term in BlockedTerm.objects.values_list("term", flat=True):
        pattern = r"(?<!\w)" + re.escape(term.strip()) + r"(?!\w)"
        if term.strip() and re.search(pattern, haystack, re.IGNORECASE):
            found.append(term.strip())
    return found


# --- The form base --------------------------------------------------------------------


class UserContentForm(forms.Form):
    """Honeypot, minimum fill time, link limit and blocklist for a reader's text.

    Subclasses declare their fields (text fields with `max_length`) and list the ones
    to check in `text_fields`. After `is_valid()` is False, `retry` is True when the
    only problem was the fill-time token (no JavaScript, or a page left open for a
    day): show the form again as "check and send" rather than as an error.
    """

    text_fields: Iterable[str] = ("text",)
    max_links: int | None = None  # None: settings.USER_CONTENT_MAX_LINKS

    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_started = forms.CharField(required=False, widget=forms.HiddenInput)

    TOO_FAST = "That was quicker than anyone can type. Please check it and send again."
    NOT_STARTED = "Please check what you wrote and send it again."
    HONEYPOT = "This form could not be sent: leave the last field empty."

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.retry = False

    @property
    def fresh_started_token(self) -> str:
        """For a response rendered for this visitor only (never a cached page)."""
        return form_started_token()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT_FIELD):
            raise forms.ValidationError(self.HONEYPOT, code="honeypot")
        self._check_fill_time(cleaned.get(STARTED_FIELD) or "")
        limit = (
            settings.USER_CONTENT_MAX_LINKS
            if self.max_links is None
            else self.max_links
        )
        for name in self.text_fields:
            value = cleaned.get(name) or ""
            links = count_links(value)
            if links > limit:
                self.add_error(name, self._too_many_links(links, limit))
        texts = [str(value) for value in cleaned.values() if isinstance(value, str)]
        blocked = blocked_terms_in(*texts)
        if blocked:
            raise forms.ValidationError(
                "We do not publish %(terms)s. Please take it out and send again.",
                code="blocked",
                params={"terms": ", ".join(f"“{term}”" for term in blocked)},
            )
        return cleaned

    def _check_fill_time(self, token: str) -> None:
        age = seconds_since_started(token)
        if age is None:
            self.retry = not self.errors
            raise forms.ValidationError(self.NOT_STARTED, code="not_started")
        if age < settings.USER_CONTENT_MIN_FILL_SECONDS:
            raise forms.ValidationError(self.TOO_FAST, code="too_fast")

    @staticmethod
    def _too_many_links(links: int, limit: int) -> str:
        if limit == 0:
            return "Please leave out web addresses: we cannot publish links here."
        return (
            f"Please keep to {limit} link{'s' if limit != 1 else ''} at most "
            f"(we counted {links})."
        )


# --- Rate limits ----------------------------------------------------------------------


class RateLimited(Exception):
    """Too many submissions from one IP or one address; try again after a while."""

    def __init__(self, retry_after: int):
        self.retry_after = max(1, int(retry_after))
        super().__init__(self.message)

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))

    @property
    def message(self) -> str:
        unit = "minute" if self.minutes == 1 else "minutes"
        return (
            "You have sent several messages in a short time. "
            f"Please try again in {self.minutes} {unit}."
        )


def check_rate_limits(request: HttpRequest, *, scope: str, email: str = "") -> None:
    """Count one submission to `scope` for this IP and this e-mail address.

    Raises `RateLimited` (with the seconds until the window ends) when either is over
    its limit; nothing is counted against the other limit then. E-mail addresses are
    compared in lower case. Uses Django's default cache (Redis in production).
    """
    limits = [(f"{scope}:ip", "ip", settings.USER_CONTENT_RATE_PER_IP)]
    if email:
        address = email.strip().lower()
        limits.append(
            (
                f"{scope}:email",
                lambda group, request: address,
                settings.USER_CONTENT_RATE_PER_EMAIL,
            )
        )
    for group, key, rate in limits:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            raise RateLimited(usage["time_left"])


def rate_limited_response(
    request: HttpRequest,
    error: RateLimited,
    *,
    template: str = "includes/rate_limited.html",
    context: dict | None = None,
) -> HttpResponse:
    """HTTP 429 with `Retry-After` and the "try again in N minutes" message."""
    response = render(
        request,
        template,
        {**(context or {}), "rate_limited": error, "message": error.message},
        status=429,
    )
    response["Retry-After"] = str(error.retry_after)
    return response
