"""The newsletter's signed links, each kind with its own salt and lifetime.

A confirmation link names the sign-up it confirms (the time its e-mail was claimed),
so an older link, or one from before an unsubscribe, confirms nothing.
"""

from datetime import timedelta

from django.urls import reverse

from home.double_opt_in import LinkInvalid, SignedLink

from .models import NewsletterSubscriber

CONFIRM = SignedLink("newsletter.confirm", max_age=timedelta(days=3))
FREE_GUIDE = SignedLink("newsletter.free-guide", max_age=timedelta(days=30))
# Unsubscribe links work from every e-mail we ever sent, however old.
UNSUBSCRIBE = SignedLink("newsletter.unsubscribe", max_age=None)


def _stamp(subscriber: NewsletterSubscriber) -> str:
    sent = subscriber.confirmation_sent_at
    return sent.isoformat() if sent else ""


def confirm_path(subscriber: NewsletterSubscriber) -> str:
    token = CONFIRM.make(
        {"id": subscriber.pk, "email": subscriber.email, "sent": _stamp(subscriber)}
    )
    return reverse("newsletter:confirm", args=[token])


def free_guide_path(subscriber: NewsletterSubscriber) -> str:
    token = FREE_GUIDE.make({"id": subscriber.pk, "email": subscriber.email})
    return reverse("newsletter:free_guide", args=[token])


def unsubscribe_path(subscriber: NewsletterSubscriber) -> str:
    token = UNSUBSCRIBE.make({"id": subscriber.pk, "email": subscriber.email})
    return reverse("newsletter:unsubscribe", args=[token])


def subscriber_for(link: SignedLink, token: str) -> tuple[NewsletterSubscriber, dict]:
    """The subscriber a link names; LinkInvalid if it is gone or was someone else."""
    payload = link.read(token)
    subscriber = NewsletterSubscriber.objects.filter(
        pk=payload.get("id"), email=payload.get("email")
    ).first()
    if subscriber is None:
        raise LinkInvalid
    return subscriber, payload


def confirmation_is_current(subscriber: NewsletterSubscriber, payload: dict) -> bool:
    return payload.get("sent") == _stamp(subscriber)
