"""Domain errors of the cart service. Messages are written for shoppers."""


class CartError(Exception):
    """A cart change was refused; the cart is unchanged. The message is for shoppers."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
