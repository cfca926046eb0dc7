import re

import pytest

from guides.newsletter import demo
from guides.newsletter.consent import CURRENT


@pytest.fixture
def free_guide(home_page):
    return demo.load(stdout=open("/dev/null", "w"))  # noqa: SIM115


def sign_up(client, email="ana@example.com", **extra):
    data = {
        "email": email,
        "consent": "on",
        "wording": CURRENT.version,
        "source": "/guides/night-leg-cramps/",
        **extra,
    }
    return client.post("/newsletter/subscribe/", data)


def link_in(message, kind: str) -> str:
    """The path of the first /newsletter/<kind>/… link in an e-mail's text."""
    match = re.search(rf"http://testserver(/newsletter/{kind}/[^/\s]+/)", message.body)
    assert match, f"no {kind} link in {message.body!r}"
    return match.group(1)


@pytest.fixture
def client(committing_client):
    return committing_client
