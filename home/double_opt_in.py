"""Double opt-in, shared by every list a reader or shopper can join.

An address counts only once its owner clicked the signed, expiring link we mailed
it. The pieces each list builds on:

- `ConsentRecord`: the fields the ICO's consent guidance asks a record to keep:
  who (the address), when (asked, confirmed, withdrawn), how (the page the form was
  on and the version of the words they agreed to), what they were told (those
  words), and a history of every change, deleted with the record on request.
- `SignedLink`: links signed with a salt of their own (a confirmation link cannot be
  replayed as an unsubscribe link or a download), expiring after `max_age`.
- `claim_confirmation_mail`: at most one confirmation e-mail per address and list
  per hour, claimed in the database so two requests at once still send one.
- `signup_wait_minutes`: sign-ups per client IP address and hour, a cache counter.
- `send_list_mail`: HTML and text, with the `List-Unsubscribe` headers (RFC 8058
  one-click) every list e-mail carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

CONFIRMATION_MAIL_INTERVAL = timedelta(hours=1)


class OptInStatus(models.TextChoices):
    PENDING = "pending", "Pending (not confirmed)"
    CONFIRMED = "confirmed", "Confirmed"
    WITHDRAWN = "withdrawn", "Unsubscribed"


def normalise_email(value: str) -> str:
    """One spelling per address, so throttles and look-ups cannot be dodged with
    capitals or spaces."""
    return value.strip().lower()


def clean_source(value: str) -> str:
    """The page a form was on, as a site path; anything else is dropped, never
    stored or echoed."""
    value = (value or "").strip()
    if value.startswith("/") and not value.startswith("//") and value.isprintable():
        return value[:200]
    return ""


class ConsentRecord(models.Model):
    """Who agreed to what, when, where, and when they withdrew.

    Concrete lists add what they are about (a product variant, a free guide).
    `record()` appends an entry to `history`, so a re-subscription keeps the
    earlier consent and its withdrawal on file.
    """

    email = models.EmailField(max_length=254, db_index=True)
    status = models.CharField(
        max_length=12, choices=OptInStatus.choices, default=OptInStatus.PENDING
    )
    consent_text = models.TextField(help_text="The words the person agreed to.")
    consent_version = models.CharField(max_length=32)
    source = models.CharField(
        max_length=200, blank=True, help_text="The page the form was on."
    )
    created_at = models.DateTimeField(default=timezone.now)
    requested_at = models.DateTimeField(
        default=timezone.now, help_text="The latest sign-up."
    )
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True

    def record(self, event: str, **data: Any) -> None:
        self.history = [
            *self.history,
            {"event": event, "at": timezone.now().isoformat(), **data},
        ]

    def ask_again(self, *, consent_text: str, consent_version: str, source: str):
        """A new sign-up: the consent given now replaces the current one."""
        now = timezone.now()
        self.status = OptInStatus.PENDING
        self.consent_text = consent_text
        self.consent_version = consent_version
        self.source = source
        self.requested_at = now
        self.confirmed_at = None
        self.withdrawn_at = None
        self.record("signed up", source=source, version=consent_version)

    def confirm(self) -> None:
        self.status = OptInStatus.CONFIRMED
        self.confirmed_at = timezone.now()
        self.record("confirmed")

    def withdraw(self, how: str) -> None:
        self.status = OptInStatus.WITHDRAWN
        self.withdrawn_at = timezone.now()
        self.record("withdrew", how=how)


class LinkInvalid(Exception):
    """A link we did not sign, or signed for something else."""

    message = "This link is not valid. Please use the link in our latest e-mail."


class LinkExpired(LinkInvalid):
    message = "This link has expired."


@dataclass(frozen=True)
class SignedLink:
    """Tokens for one kind of link: its own salt, its own lifetime (None: forever,
    as unsubscribe links must keep working from old e-mails)."""

    salt: str
    max_age: timedelta | None

    def make(self, payload: dict[str, Any]) -> str:
        return signing.dumps(payload, salt=self.salt)

    def read(self, token: str) -> dict[str, Any]:
        try:
            payload = signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.SignatureExpired as error:
            raise LinkExpired from error
        except signing.BadSignature as error:
            raise LinkInvalid from error
        if not isinstance(payload, dict):
            raise LinkInvalid
        return payload


class ConfirmationMail(models.Model):
    """When a list last sent a confirmation e-mail to an address (the throttle)."""

    purpose = models.CharField(max_length=40)
    email = models.EmailField(max_length=254)
    last_sent_at = models.DateTimeField()

    class Meta:
        app_label = "home"
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "email"], name="home_confirmation_mail_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose}: {self.email}"


def claim_confirmation_mail(*, purpose: str, email: str) -> bool:
    """True if a confirmation e-mail may go to `email` now (and claims the hour);
    False if one went less than an hour ago."""
    now = timezone.now()
    email = normalise_email(email)
    try:
        with transaction.atomic():
            ConfirmationMail.objects.create(
                purpose=purpose, email=email, last_sent_at=now
            )
            return True
    except IntegrityError:
        pass
    return bool(
        ConfirmationMail.objects.filter(
            purpose=purpose,
            email=email,
            last_sent_at__lte=now - CONFIRMATION_MAIL_INTERVAL,
        ).update(last_sent_at=now)
    )


def minutes_until_next_mail(*, purpose: str, email: str) -> int:
    last = (
        ConfirmationMail.objects.filter(purpose=purpose, email=normalise_email(email))
        .values_list("last_sent_at", flat=True)
        .first()
    )
    if last is None:
        return 0
    wait = last + CONFIRMATION_MAIL_INTERVAL - timezone.now()
    return max(0, -(-int(wait.total_seconds()) // 60))


def forget_address(*, purpose: str, email: str) -> None:
    """Erasure: no throttle row keeps the address once its owner asked us to."""
    ConfirmationMail.objects.filter(
        purpose=purpose, email=normalise_email(email)
    ).delete()


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind `OPT_IN_PROXY_HOPS` trusted proxies (Varnish,
    a load balancer), each of which appends the address it saw to
    X-Forwarded-For, it is that many entries from the right; the entries further
    left are whatever the client claimed and are never read."""
    hops = settings.OPT_IN_PROXY_HOPS
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")


def signup_wait_minutes(request: HttpRequest, scope: str) -> int:
    """Count one sign-up from this client; minutes to wait if it is over the limit
    (`OPT_IN_SIGNUPS_PER_IP_PER_HOUR`), else 0. Over the limit nothing is counted,
    stored or sent."""
    limit = settings.OPT_IN_SIGNUPS_PER_IP_PER_HOUR
    now = int(timezone.now().timestamp())
    window = now // 3600
    key = f"opt-in:{scope}:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        count = 1
    if count <= limit:
        return 0
    return max(1, -(-((window + 1) * 3600 - now) // 60))


def absolute_url(path: str) -> str:
    """Links in e-mails: WAGTAILADMIN_BASE_URL is the site's public address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_list_mail(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    unsubscribe_path: str,
) -> None:
    """Send `template`.txt and .html; both and the headers carry the unsubscribe."""
    from .models import SiteSettings

    unsubscribe_url = absolute_url(unsubscribe_path)
    site_settings = SiteSettings.objects.first()
    contact = site_settings.contact_email if site_settings else ""
    context = {
        "site_url": absolute_url("/"),
        "contact_email": contact or settings.DEFAULT_FROM_EMAIL,
        "unsubscribe_url": unsubscribe_url,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    message.send()
