"""What a lifecycle service did with a fact, for logs, reports and the webhook reply."""

from enum import StrEnum


class Outcome(StrEnum):
    FULFILLED = "fulfilled"
    ALREADY_DONE = "already-done"
    AWAITING = "awaiting-payment"
    UNFULFILLABLE = "unfulfillable"
    AMOUNT_MISMATCH = "amount-mismatch"
    RELEASED = "released"
    UNCHANGED = "unchanged"
    UNKNOWN_ORDER = "unknown-order"
    RECORDED = "recorded"
