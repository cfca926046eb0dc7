"""Domain errors of the order services."""


class OrderError(Exception):
    """Base class for order-service errors."""


class IllegalTransition(OrderError):
    """A status change the transition table does not allow (e.g. expired after paid).

    Carries both statuses so callers (webhooks, staff screens) can decide whether the
    refusal is a harmless late event or something to show to a person.
    """

    def __init__(self, from_status: str, to_status: str):
        self.from_status = from_status
        self.to_status = to_status
        super().__init__(f"An order cannot go from '{from_status}' to '{to_status}'.")


class OrderActionError(OrderError):
    """A staff action refused with a message meant for the person who tried it."""
