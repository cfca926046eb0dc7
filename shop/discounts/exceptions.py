"""Domain errors of discount codes. Messages are written for shoppers."""


class DiscountRefused(Exception):
    """A code cannot be used for this cart or order; nothing was changed.

    `reason` is a short machine name (unknown, inactive, not_started, expired,
    used_up, minimum, not_applicable, used_by_email, malformed) for tests and logs;
    `message` says exactly why, for the shopper.
    """

    def __init__(self, reason: str, message: str):
        self.reason = reason
        self.message = message
        super().__init__(message)
