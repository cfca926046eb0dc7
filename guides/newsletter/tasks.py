"""Newsletter e-mails, sent by background tasks once the change committed.

A task reads the subscriber afresh and sends only what still applies: no
confirmation to an address that unsubscribed meanwhile, no guide to one that is not
confirmed. The mail server refusing raises, so the backend records the failure.
"""

from django_tasks import task

from home.double_opt_in import OptInStatus, absolute_url, send_list_mail

from .links import confirm_path, free_guide_path, unsubscribe_path
from .models import NewsletterSubscriber


def _mail(subscriber_id: int, status: str, *, subject: str, template: str, links):
    """Send `template` to the subscriber if still in `status`; False otherwise.
    `links(subscriber)` gives the template's own links."""
    subscriber = NewsletterSubscriber.objects.filter(
        pk=subscriber_id, status=status
    ).first()
    if subscriber is None:
        return False
    send_list_mail(
        to=subscriber.email,
        subject=subject,
        template=f"newsletter/email/{template}",
        context={"subscriber": subscriber, **links(subscriber)},
        unsubscribe_path=unsubscribe_path(subscriber),
    )
    return True


@task()
def send_confirmation(subscriber_id: int) -> bool:
    return _mail(
        subscriber_id,
        OptInStatus.PENDING,
        subject="Please confirm your Unknot newsletter sign-up",
        template="confirm",
        links=lambda subscriber: {
            "confirm_url": absolute_url(confirm_path(subscriber))
        },
    )


@task()
def send_free_guide(subscriber_id: int) -> bool:
    return _mail(
        subscriber_id,
        OptInStatus.CONFIRMED,
        subject="Your free Unknot guide",
        template="welcome",
        links=lambda subscriber: {
            "guide": subscriber.free_guide,
            "guide_url": absolute_url(free_guide_path(subscriber)),
        },
    )
