"""The checkout side of the local test payment provider (development only).

The provider itself lives in `shop.payments.local_backend`; it never calls up into
the shop. Here its signed events are handed to the real webhook handler, as Stripe's
deliveries are, and `place_paid_order` buys the way a shopper does for the demo and
the browser tests.
"""

from wagtail.models import Site

from home.models import SiteSettings
from shop.cart.models import Cart
from shop.cart.services import add_to_cart, load_cart
from shop.orders.models import Order
from shop.payments import local_backend
from shop.payments.gateway import local_provider_enabled

from .services import CheckoutDetails, cart_fingerprint, place_order, start_payment
from .webhooks import handle_webhook


def pay(session_id: str) -> None:
    """The shopper paid on the local page: deliver `checkout.session.completed`."""
    delivery = local_backend.pay(session_id)
    handle_webhook(delivery.payload, delivery.signature_header)


def abandon(session_id: str) -> None:
    """The shopper walked away: deliver `checkout.session.expired`."""
    delivery = local_backend.abandon(session_id)
    handle_webhook(delivery.payload, delivery.signature_header)


def place_paid_order(
    *, details: CheckoutDetails, lines: list[tuple[int, int]], site_url: str
) -> Order:
    """An order placed and paid the way a shopper does it, for the demo and tests.

    `lines` are (variant id, quantity) pairs. They go into a new cart through the
    cart service; `place_order` reserves the stock; `start_payment` opens a local
    session, and `pay` delivers its signed `checkout.session.completed` event through
    the real webhook handler. Refuses to run unless the local provider is enabled
    (DEBUG on, no Stripe key, SHOP_TEST_PAYMENTS), so it can never open a real
    Stripe session.
    """
    if not local_provider_enabled():
        raise RuntimeError("place_paid_order needs the local test payment provider.")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    cart = Cart.objects.create()
    for variant_id, quantity in lines:
        add_to_cart(cart=cart, variant_id=variant_id, quantity=quantity)
    order = place_order(
        cart=cart,
        details=details,
        site_settings=site_settings,
        shown_fingerprint=cart_fingerprint(load_cart(cart), site_settings),
    )
    start_payment(
        order=order,
        success_url=f"{site_url}/checkout/success/?session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{site_url}/cart/",
    )
    session_id = order.payments.get().stripe_session_id
    if not session_id:
        raise RuntimeError(f"No payment session was opened for {order.reference}.")
    pay(session_id)
    order.refresh_from_db()
    return order
