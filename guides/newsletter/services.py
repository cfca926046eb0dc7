"""Everything that changes a newsletter subscriber: sign up, confirm, unsubscribe,
delete on request. Each change is one transaction and leaves a line in the record's
history; e-mails go out from tasks once it commits."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from home.double_opt_in import (
    OptInStatus,
    claim_confirmation_mail,
    forget_address,
    minutes_until_next_mail,
    normalise_email,
)

from .consent import Wording
from .models import FreeGuidePage, NewsletterSubscriber

PURPOSE = "newsletter"


class SignUp(enum.Enum):
    SENT = "sent"
    ALREADY_CONFIRMED = "already confirmed"
    TOO_SOON = "too soon"


@dataclass(frozen=True)
class SignUpResult:
    outcome: SignUp
    wait_minutes: int = 0


def sign_up(
    *,
    email: str,
    wording: Wording,
    source: str,
    free_guide: FreeGuidePage | None = None,
) -> SignUpResult:
    """Record the consent and send the confirmation link, unless the address is
    already confirmed or had a confirmation e-mail within the hour (then nothing
    changes)."""
    from . import tasks

    email = normalise_email(email)
    with transaction.atomic():
        subscriber = (
            NewsletterSubscriber.objects.select_for_update().filter(email=email).first()
        )
        if subscriber is not None and subscriber.is_confirmed:
            return SignUpResult(SignUp.ALREADY_CONFIRMED)
        if not claim_confirmation_mail(purpose=PURPOSE, email=email):
            wait = minutes_until_next_mail(purpose=PURPOSE, email=email)
            return SignUpResult(SignUp.TOO_SOON, wait_minutes=wait)
        if subscriber is None:
            subscriber = NewsletterSubscriber(email=email)
        subscriber.ask_again(
            consent_text=wording.text, consent_version=wording.version, source=source
        )
        subscriber.free_guide = free_guide
        subscriber.confirmation_sent_at = timezone.now()
        subscriber.save()
        subscriber_id = subscriber.pk
        transaction.on_commit(lambda: tasks.send_confirmation.enqueue(subscriber_id))
    return SignUpResult(SignUp.SENT)


def confirm(subscriber: NewsletterSubscriber) -> bool:
    """Confirm a pending sign-up and send the free guide; False (and no change) when
    it is not pending any more."""
    from . import tasks

    with transaction.atomic():
        subscriber = NewsletterSubscriber.objects.select_for_update().get(
            pk=subscriber.pk
        )
        if subscriber.status != OptInStatus.PENDING:
            return False
        subscriber.confirm()
        subscriber.save()
        subscriber_id = subscriber.pk
        transaction.on_commit(lambda: tasks.send_free_guide.enqueue(subscriber_id))
    return True


def unsubscribe(subscriber: NewsletterSubscriber, *, how: str) -> bool:
    """Withdraw consent (a pending sign-up too); False when already withdrawn."""
    with transaction.atomic():
        subscriber = NewsletterSubscriber.objects.select_for_update().get(
            pk=subscriber.pk
        )
        if subscriber.status == OptInStatus.WITHDRAWN:
            return False
        subscriber.withdraw(how)
        subscriber.save()
    return True


def unsubscribe_address(email: str) -> None:
    """The unsubscribe page: withdraw whatever this address has, say nothing of it."""
    subscriber = NewsletterSubscriber.objects.filter(
        email=normalise_email(email)
    ).first()
    if subscriber is not None:
        unsubscribe(subscriber, how="unsubscribe page")


def erase(subscriber: NewsletterSubscriber) -> None:
    """Delete everything we hold about the address (a data-erasure request)."""
    with transaction.atomic():
        forget_address(purpose=PURPOSE, email=subscriber.email)
        subscriber.delete()
