"""The words a reader agrees to when signing up, kept by version.

A sign-up records the version its form showed and these exact words. Change the
wording by adding a new version (and making it `CURRENT`); never edit an old one,
or records would claim consent to words nobody saw.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Wording:
    version: str
    text: str


WORDINGS = {
    wording.version: wording
    for wording in [
        Wording(
            "2026-1",
            "E-mail me the free guide and Unknot's newsletter: about once a month, "
            "with ways to ease and prevent cramps, new guides and offers from our "
            "shop. I can unsubscribe with one click in every e-mail.",
        ),
    ]
}
CURRENT = WORDINGS["2026-1"]
