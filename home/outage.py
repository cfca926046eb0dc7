"""A designed 503 while the database is unreachable, instead of Django's 500.

Two doors lead here. `DatabaseOutageMiddleware` catches a connection error raised by
a view (almost every page: Wagtail's page serving, the cart, checkout, search), and
`home.views.server_error` (handler500) catches one raised anywhere else, such as
middleware that saves the session. Both answer `outage_response()`: a plain page
that needs no database (no context processors, no site settings, no menus), with
`Retry-After` so browsers, crawlers and load balancers come back rather than
give up. Nothing about the request is lost because nothing was written.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# What drivers raise when the server is down, restarting or refusing connections.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def is_outage(error: BaseException | None) -> bool:
    return isinstance(error, OUTAGE_ERRORS)


def outage_response() -> HttpResponse:
    """The 503 page, rendered without a request so nothing touches the database."""
    response = HttpResponse(
        render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}),
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    """Turns a database connection error in a view into the designed 503.

    Listed last in MIDDLEWARE, so its `process_exception` is the first to see what a
    view raised.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        logger.error("Database unreachable for %s: %s", request.path, exception)
        return outage_response()
