"""The one way to read a whole number out of a request: ids, quantities, pages.

`str.isdigit()` says yes to superscripts and other Unicode digits that `int()` then
rejects (a 500), and `int()` alone takes Arabic-Indic digits, signs, underscores and
numbers too big for the database's integers. Request numbers are plain ASCII digits
within a range, or they are not numbers: callers get None (or a form error) and
answer the shopper politely.
"""

import re

from django import forms

# The sign and up to a hundred digits are read so that a range check, not a parse
# error, answers "-1" or "99999999999999999999" ("you can buy up to 10").
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,100}")
MAX_ID = 2**63 - 1  # the largest value of a bigint (and of SQLite's INTEGER)
_READABLE = 10**100


def parse_int(raw, *, min_value: int = 0, max_value: int = MAX_ID) -> int | None:
    """`raw` (a string, or an int from JSON) as an int in the range, else None.

    Surrounding whitespace is ignored; nothing else is forgiven: no plus sign, no
    fraction, no exponent, no separators, no digits outside 0-9. Booleans and floats
    (which JSON bodies produce) are not numbers here.
    """
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, str):
        text = raw.strip()
        if not _ASCII_INTEGER.fullmatch(text):
            return None
        value = int(text)
    else:
        return None
    return value if min_value <= value <= max_value else None


def parse_id(raw) -> int | None:
    """A primary key from a request (1 to the largest bigint), else None."""
    return parse_int(raw, min_value=1)


class WholeNumberField(forms.IntegerField):
    """A form's IntegerField that reads numbers by `parse_int`'s rule.

    Anything that is not plain ASCII digits (with an optional minus) is the field's
    "invalid" error; range messages stay with `min_value`/`max_value` and the form.
    An id field sets `max_value=MAX_ID`, so a query never sees a number the database
    cannot hold.
    """

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_int(value, min_value=-_READABLE, max_value=_READABLE)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
