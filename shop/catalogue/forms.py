"""Shopper forms of the catalogue: add to cart, and the listing filters.

`AddToCartForm` is the one place that parses and validates an add-to-cart request
(which variant, how many); the cart view and the cart service reuse it, so the
product page, product cards and the cart all apply the same rules, once.
"""

from collections.abc import Callable
from decimal import Decimal

from django import forms
from django.conf import settings

from home.request_numbers import MAX_ID, WholeNumberField

from .models import ProductPage, ProductVariant

SORT_CHOICES = [
    ("featured", "Featured"),
    ("price_asc", "Price: low to high"),
    ("price_desc", "Price: high to low"),
    ("newest", "Newest"),
]
PRICE_LIMIT = Decimal("100000")


class AddToCartForm(forms.Form):
    """A variant id and a quantity, validated against the catalogue and live stock.

    Pass `product=` when the form is shown for one product page: the variant must then
    belong to it. A posted `product` id (the hidden field the product page and cards
    send) is checked the same way. After `is_valid()`, `cleaned_data["variant"]` is the
    ProductVariant (with its stock row) and `cleaned_data["quantity"]` an int.

    `already_in_cart` (a number, or a callable given the cleaned variant) lets the
    cart count units of this variant it holds already against both the per-line limit
    and what is available, so the shopper hears about it before anything is written;
    the cart service re-checks those two under its lock. `check_stock=False` skips
    the stock and per-cart checks (internal callers of the cart service, see
    `shop.cart.services.cleaned_add_request`).
    """

    variant = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose an option.",
            "invalid": "Choose an option.",
            "min_value": "Choose an option.",
            "max_value": "Choose an option.",
        },
    )
    quantity = WholeNumberField(
        initial=1,
        error_messages={
            "required": "Enter a quantity.",
            "invalid": "Enter a whole number.",
        },
    )
    product = WholeNumberField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )

    def __init__(
        self,
        data=None,
        *args,
        product: ProductPage | None = None,
        already_in_cart: int | Callable[[ProductVariant], int] = 0,
        check_stock: bool = True,
        **kwargs,
    ):
        super().__init__(data, *args, **kwargs)
        self.product = product
        self.check_stock = check_stock
        self._already_in_cart = already_in_cart
        self.already_in_cart = 0  # known once the variant is (see clean())
        self.max_quantity = settings.SHOP_MAX_QUANTITY_PER_LINE
        self.fields["quantity"].widget.attrs.update(
            {"min": 1, "max": self.max_quantity, "inputmode": "numeric"}
        )
        if product is not None:
            self.fields["product"].initial = product.pk

    def clean_quantity(self) -> int:
        quantity = self.cleaned_data["quantity"]
        if quantity < 1:
            raise forms.ValidationError("Choose at least 1.")
        if quantity > self.max_quantity:
            raise forms.ValidationError(
                f"You can buy up to {self.max_quantity} of one item per order."
            )
        return quantity

    def clean_variant(self) -> ProductVariant:
        variant_id = self.cleaned_data["variant"]
        variant = (
            ProductVariant.objects.purchasable()
            .select_related("stock", "product")
            .filter(pk=variant_id)
            .first()
        )
        if variant is None:
            raise forms.ValidationError("That option is not available.")
        return variant

    def clean(self):
        cleaned = super().clean()
        variant = cleaned.get("variant")
        if variant is None:
            return cleaned
        expected_product_ids = {
            pk
            for pk in (
                self.product.pk if self.product is not None else None,
                cleaned.get("product"),
            )
            if pk is not None
        }
        if any(pk != variant.product_id for pk in expected_product_ids):
            self.add_error("variant", "That option does not belong to this product.")
            return cleaned
        quantity = cleaned.get("quantity")
        if quantity is None or not self.check_stock:
            return cleaned
        in_cart = self._already_in_cart
        self.already_in_cart = max(
            int(in_cart(variant) if callable(in_cart) else in_cart), 0
        )
        available = variant.available
        if available <= 0:
            self.add_error("variant", f"{variant.display_name} is out of stock.")
            return cleaned
        total = quantity + self.already_in_cart
        if total > self.max_quantity:
            self.add_error(
                "quantity",
                f"You can buy up to {self.max_quantity} of one item per order"
                f" (you already have {self.already_in_cart} in your cart).",
            )
        elif total > available:
            in_cart = (
                f" and you already have {self.already_in_cart} in your cart"
                if self.already_in_cart
                else ""
            )
            self.add_error(
                "quantity",
                f"Only {available} of {variant.display_name} left{in_cart}.",
            )
        return cleaned


def _price_bound(label: str) -> forms.DecimalField:
    """An optional price in euros; anything else (text, NaN, 1e999) fails to clean."""
    return forms.DecimalField(
        required=False,
        label=label,
        min_value=0,
        max_value=PRICE_LIMIT,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
    )


class ProductFilterForm(forms.Form):
    """The listing's filters and sort order, read from the query string.

    Every field is optional and a value that does not validate is simply dropped
    (`filters()`), so a hand-edited or stale URL narrows what it can and never errors.

    Besides its own filters (category, body area, price, stock) the form carries one
    choice field per extension filter (`shop.catalogue.extensions.ListingFilter`, for
    example the guides' relief methods), placed after the category; a filter without
    choices gets no field.
    """

    category = forms.ChoiceField(required=False, label="Category")
    area = forms.ChoiceField(required=False, label="Body area")
    price_min = _price_bound("From (€)")
    price_max = _price_bound("To (€)")
    in_stock = forms.BooleanField(required=False, label="In stock only")
    sort = forms.ChoiceField(
        required=False,
        choices=SORT_CHOICES,
        label="Sort by",
        # The sort box sits above the results, outside the filter <form>.
        widget=forms.Select(attrs={"form": "product-filters"}),
    )

    def __init__(
        self, data=None, *, initial=None, categories=(), areas=(), extensions=()
    ):
        """`extensions`: (ListingFilter, choices) pairs, in the order to show them."""
        super().__init__(data, initial=initial)
        self.fields["category"].choices = [("", "All categories"), *categories]
        self.fields["area"].choices = [("", "Any body area"), *areas]
        self.extension_keys = [extension.key for extension, _ in extensions]
        for extension, choices in extensions:
            if choices:
                self.fields[extension.key] = forms.ChoiceField(
                    required=False,
                    label=extension.label,
                    choices=[("", extension.empty_label), *choices],
                )
        #: Every filter's query-string key, in the order URLs and badges list them.
        self.filter_keys = (
            "category",
            *self.extension_keys,
            "area",
            "price_min",
            "price_max",
            "in_stock",
        )
        self.order_fields([*self.filter_keys, "sort"])
        if not categories:
            del self.fields["category"]

    @property
    def extension_fields(self) -> list:
        """Bound fields of the extension filters that are offered."""
        return [self[key] for key in self.extension_keys if key in self.fields]

    def filters(self) -> dict:
        """The valid, non-empty values; anything that does not validate is ignored."""
        self.is_valid()
        values = {
            key: value
            for key, value in self.cleaned_data.items()
            if value not in (None, "", False)
        }
        low, high = values.get("price_min"), values.get("price_max")
        if low is not None and high is not None and low > high:
            values["price_min"], values["price_max"] = high, low
        return values

    def active_filter_count(self) -> int:
        return sum(1 for key in self.filters() if key in self.filter_keys)
