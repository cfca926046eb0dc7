"""Cart pages: plain forms that post, redirect and say what happened.

Never cached (they are per visitor). Every change goes through shop.cart.services,
which validates what the browser sent; a refused change leaves the cart as it was
and says why.
"""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from home.extensions import csrf_failure_handler
from home.models import SiteSettings
from home.request_numbers import parse_id
from shop.catalogue.forms import AddToCartForm
from shop.catalogue.models import ProductVariant
from shop.catalogue.templatetags.catalogue_tags import format_money
from shop.discounts.exceptions import DiscountRefused

from . import services
from .exceptions import CartError
from .shipping import free_shipping_remaining, shipping_options


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("cart:detail")


def _answer(request: HttpRequest, *, ok: bool, text: str, target: str):
    """Redirect with a flash message, or JSON for the progressive-enhancement path."""
    if _wants_json(request):
        return JsonResponse(
            {"ok": ok, "message": text, "cart_count": services.count_items(request)},
            status=200 if ok else 400,
        )
    (messages.success if ok else messages.error)(request, text)
    return redirect(target)


def announce_removed(request: HttpRequest, contents: services.CartContents) -> None:
    """Name each product `load_cart` took out (unpublished, deleted, deactivated):
    the cart and the checkout both say what went, not only that the cart changed."""
    for name in contents.removed:
        messages.warning(
            request,
            f"{name} is no longer available and has been taken out of your cart.",
        )


@never_cache
@require_GET
def cart_detail(request: HttpRequest) -> HttpResponse:
    return _cart_page(request)


def _cart_page(
    request: HttpRequest, *, code_error: str = "", typed_code: str = ""
) -> HttpResponse:
    contents = services.load_cart(services.get_cart(request))
    announce_removed(request, contents)
    site_settings = SiteSettings.for_request(request)
    standard = shipping_options(contents.goods_total, site_settings)[0]
    return render(
        request,
        "shop/cart/cart.html",
        {
            "contents": contents,
            "standard_shipping": standard,
            "estimated_total": contents.goods_total + standard.price,
            "free_shipping_remaining": free_shipping_remaining(
                contents.goods_total, site_settings
            ),
            "max_quantity": settings.SHOP_MAX_QUANTITY_PER_LINE,
            "code_error": code_error,
            "typed_code": typed_code,
        },
        status=400 if code_error else 200,
    )


@never_cache
@require_POST
def cart_apply_code(request: HttpRequest) -> HttpResponse:
    """Put a discount code on the cart; a refusal is shown next to the field."""
    cart = services.get_cart(request)
    typed = request.POST.get("code", "")[:100]
    try:
        if cart is None:
            raise CartError(services.EMPTY_CART_CODE)
        applied = services.apply_code(cart=cart, raw_code=typed)
    except CartError as error:
        # An empty cart shows no code field: the message goes to the top.
        messages.error(request, error.message)
        return redirect("cart:detail")
    except DiscountRefused as refusal:
        return _cart_page(request, code_error=refusal.message, typed_code=typed)
    messages.success(
        request,
        f"The code {applied.code.code} takes {format_money(applied.total)} off "
        "your order.",
    )
    return redirect("cart:detail")


@never_cache
@require_POST
def cart_remove_code(request: HttpRequest) -> HttpResponse:
    cart = services.get_cart(request)
    if cart is not None and cart.discount_code_id:
        services.remove_code(cart=cart)
        messages.success(request, "The discount code has been removed.")
    return redirect("cart:detail")


def _first_error(form) -> str:
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return "Sorry, that product is not available."


@never_cache
@require_POST
def cart_add(request: HttpRequest):
    """Add-to-cart from product pages, product cards and the CSRF confirm page.

    The catalogue's AddToCartForm parses and judges the request once (variant,
    product, quantity, live stock, counting what the cart already holds); the cart
    service then applies its cleaned values, re-checking under the cart's lock only
    what depends on the cart (line limits, availability), so a race cannot bypass it.
    """
    cart = services.get_cart(request)
    form = AddToCartForm(
        request.POST,
        already_in_cart=lambda variant: services.quantity_in_cart(cart, variant),
    )
    if not form.is_valid():
        return _answer(
            request, ok=False, text=_first_error(form), target=_next_url(request)
        )
    cart = cart or services.get_or_create_cart(request)
    source_page = services.source_page_for(request, request.POST.get("source_page"))
    try:
        line = services.add_to_cart(
            cart=cart,
            variant=form.cleaned_data["variant"],
            quantity=form.cleaned_data["quantity"],
            source_page=source_page,
            first_guide=services.posted_page(request.POST.get("first_guide")),
        )
    except CartError as error:
        return _answer(request, ok=False, text=error.message, target=_next_url(request))
    return _answer(
        request,
        ok=True,
        text=f"Added {form.cleaned_data['quantity']} × {line.name_when_added} "
        "to your cart.",
        target=_next_url(request),
    )


@never_cache
@require_POST
def cart_update(request: HttpRequest, line_id: int):
    cart = services.get_cart(request)
    try:
        if cart is None:
            raise CartError("That item is no longer in your cart.")
        line = services.set_quantity(
            cart=cart, line_id=line_id, quantity=request.POST.get("quantity")
        )
    except CartError as error:
        return _answer(request, ok=False, text=error.message, target="cart:detail")
    return _answer(
        request,
        ok=True,
        text=f"{line.name_when_added}: quantity changed to {line.quantity}.",
        target="cart:detail",
    )


@never_cache
@require_POST
def cart_remove(request: HttpRequest, line_id: int):
    cart = services.get_cart(request)
    try:
        if cart is None:
            raise CartError("That item is no longer in your cart.")
        name = services.remove_line(cart=cart, line_id=line_id)
    except CartError as error:
        return _answer(request, ok=False, text=error.message, target="cart:detail")
    return _answer(
        request, ok=True, text=f"Removed {name} from your cart.", target="cart:detail"
    )


@never_cache
@require_POST
def cart_empty(request: HttpRequest):
    cart = services.get_cart(request)
    if cart is not None:
        services.empty_cart(cart=cart)
    return _answer(request, ok=True, text="Your cart is empty.", target="cart:detail")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a friendly 403 instead of Django's bare page.

    Add-to-cart forms live on cached pages; without JavaScript their token may belong
    to someone else. Such a post gets a confirm page with a fresh form (and this
    visitor's own token) for the same product, so one more click adds it. Nothing is
    added without a valid token.
    """
    handler = csrf_failure_handler(request)
    if handler is not None:  # another app's form (reader comments, reviews)
        return handler(request, reason)
    context = {
        "reason": reason if settings.DEBUG else "",
        "max_quantity": settings.SHOP_MAX_QUANTITY_PER_LINE,
    }
    if request.method == "POST" and request.path == reverse("cart:add"):
        variant_id = parse_id(request.POST.get("variant", ""))
        variant = (
            ProductVariant.objects.purchasable()
            .select_related("product")
            .filter(pk=variant_id)
            .first()
            if variant_id is not None
            else None
        )
        try:
            quantity = services.parse_quantity(request.POST.get("quantity", "1"))
        except CartError:
            quantity = 1
        source_page = services.source_page_for(request, request.POST.get("source_page"))
        context.update(
            variant=variant,
            quantity=quantity,
            source_page=source_page,
            next_url=request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(
                request.POST.get("next", ""), allowed_hosts={request.get_host()}
            )
            else "",
        )
        return render(request, "shop/cart/csrf_confirm.html", context, status=403)
    return render(request, "shop/cart/csrf_failure.html", context, status=403)
