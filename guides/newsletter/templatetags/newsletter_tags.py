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


@register.inclusion_tag("newsletter/includes/signup_box.html", takes_context=True)
def newsletter_signup(context, place: str, guide=None):
    request = context.get("request")
    heading, lead = PLACES[place]
    form = SignUpForm(
        initial={
            "wording": CURRENT.version,
            "source": request.path if request else "",
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
