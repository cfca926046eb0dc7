"""`{% newsletter_signup "footer" %}`: the sign-up box, for cached pages.

It costs no query: the box is the same for every reader (the CSRF token comes from
/visitor.json), records the page it is on, and names a free guide only when given
one (the free guide's own page); the server picks the live guide otherwise.
"""

from django import template

from guides.newsletter.consent import CURRENT
from guides.newsletter.forms import SignUpForm

register = template.Library()

PLACES = {
    "footer": (
        "Free guide: a 5-minute routine against night cramps",
        "Sign up for our newsletter and we send you the routine as a PDF.",
    ),
    "guide": (
        "Get the free night-cramp routine",
        "Five minutes of stretches before bed, as a PDF to print. With it comes our "
        "newsletter, about once a month.",
    ),
    "finder": (
        "Take a routine home",
        "Our free guide walks you through five minutes of stretches against night "
        "cramps. Sign up and we e-mail you the PDF.",
    ),
    "free-guide": ("Get the guide", "We e-mail you the PDF once you confirm."),
}


def consent_source(context, request) -> str:
    """Where the sign-up happened, for the consent record, without identifiers.

    A public content page is named by its path. Any other view (an order page, an
    e-mail confirmation, a cart) is named by its route pattern, because its path
    can carry an order reference or a one-time key that must not reach the
    subscriber list.
    """
    if request is None:
        return ""
    if context.get("page") is not None:
        return request.path
    match = getattr(request, "resolver_match", None)
    return "/" + match.route if match is not None and match.route else ""


@register.inclusion_tag("newsletter/includes/signup_box.html", takes_context=True)
def newsletter_signup(context, place: str, guide=None):
    request = context.get("request")
    heading, lead = PLACES[place]
    form = SignUpForm(
        initial={
            "wording": CURRENT.version,
            "source": consent_source(context, request),
            "guide": guide.pk if guide else None,
        },
        auto_id=f"signup-{place}-%s",
    )
    return {
        "request": request,
        "cached_page": True,
        "form": form,
        "place": place,
        "heading": heading,
        "lead": lead,
    }
