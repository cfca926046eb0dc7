"""The e-mail that tells a reader their question was answered (HTML and text).

Sent once per comment: the send is claimed with a conditional update, and given up
(unclaimed) if sending fails so a retry may try again. Never sent to an address that
opted out. Every such e-mail links to the answer and to a one-click unsubscribe
(also announced in the `List-Unsubscribe` headers, RFC 8058).
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from home.models import SiteSettings

from .models import AnswerOptOut, Comment, CommentStatus

_UNSUBSCRIBE_SALT = "guides.comments.unsubscribe"


def unsubscribe_token(email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=_UNSUBSCRIBE_SALT)


def email_from_unsubscribe_token(token: str) -> str | None:
    try:
        email = signing.loads(token, salt=_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return email if isinstance(email, str) else None


def _site_root(comment: Comment) -> str:
    """The address of the site the comment's page is on (links in the e-mail)."""
    site = comment.page.get_site()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/")


def answer_url(comment: Comment) -> str:
    page_url = comment.page.get_full_url() or _site_root(comment) + comment.page.url
    return f"{page_url}#{comment.anchor}"


def send_answer_email(comment_id: int) -> bool:
    """Mail the answer to an approved, answered comment whose reader asked for it."""
    opted_out = AnswerOptOut.objects.values("email")
    claimed = (
        Comment.objects.filter(
            pk=comment_id,
            status=CommentStatus.APPROVED,
            notify_on_answer=True,
            answer_emailed_at__isnull=True,
            reply_by__isnull=False,
        )
        .exclude(Q(reply_text="") | Q(email__in=opted_out))
        .update(answer_emailed_at=timezone.now())
    )
    if not claimed:
        return False
    comment = Comment.objects.select_related("page", "reply_by").get(pk=comment_id)
    if AnswerOptOut.objects.filter(email__iexact=comment.email).exists():
        Comment.objects.filter(pk=comment_id).update(answer_emailed_at=None)
        return False
    try:
        _send(comment)
    except Exception:
        Comment.objects.filter(pk=comment_id).update(answer_emailed_at=None)
        raise
    return True


def _send(comment: Comment) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    contact = SiteSettings.for_site(site).contact_email if site else None
    root = _site_root(comment)
    token = unsubscribe_token(comment.email)
    unsubscribe_url = root + reverse("comments:unsubscribe", args=[token])
    context = {
        "comment": comment,
        "page_title": comment.page.title,
        "answer_url": answer_url(comment),
        "unsubscribe_url": unsubscribe_url,
        "site_url": root + "/",
        "contact_email": contact or settings.DEFAULT_FROM_EMAIL,
    }
    message = EmailMultiAlternatives(
        subject=f"Your question on “{comment.page.title}” has an answer",
        body=render_to_string("email/comment_answered.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[comment.email],
        reply_to=[context["contact_email"]],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("email/comment_answered.html", context), "text/html"
    )
    message.send()
