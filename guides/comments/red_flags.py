"""Red-flag symptoms in a reader's comment, matched with the relief finder's flags.

Each finder red flag lists the words a reader might use for it (`comment_words`:
"chest pain", "can't breathe", "numb"). A comment naming one is held with that flag,
and the reader is shown the flag's care card straight away, most urgent first, the
same card the finder shows.
"""

import re

from guides.finder.models import RedFlag

# Typographic apostrophes and dashes count as their plain forms ("can’t" = "can't").
_PLAIN = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


def _normalise(text: str) -> str:
    return " ".join(text.translate(_PLAIN).lower().split())


def _mentions(text: str, phrase: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(_normalise(phrase)) + r"(?!\w)"
    return re.search(pattern, text) is not None


def red_flags_in(text: str) -> list[RedFlag]:
    """The red flags whose words `text` uses, most urgent first."""
    plain = _normalise(text)
    found = [
        flag
        for flag in RedFlag.objects.exclude(comment_words="")
        if any(_mentions(plain, phrase) for phrase in flag.comment_phrases)
    ]
    return sorted(found, key=lambda flag: flag.urgency)
