"""The checkout form: who the shopper is, where to ship, how fast.

It carries no prices: the summary next to it is built from the database and the
order is priced on the server. Any price or total a browser posts is never read.
"""

from django import forms
from django.conf import settings

from home.models import PolicyPage
from shop.cart.shipping import (
    country_choices,
    default_country,
    shipping_options,
    validate_postcode,
)

from .services import CheckoutDetails


class CheckoutForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        help_text="We send the order confirmation and its link here.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    full_name = forms.CharField(
        label="Full name",
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    address_line1 = forms.CharField(
        label="Street and house number",
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_line2 = forms.CharField(
        label="Address line 2 (optional)",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postcode = forms.CharField(
        max_length=12,
        validators=[validate_postcode],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    city = forms.CharField(
        label="Town or city",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = forms.ChoiceField(
        choices=country_choices,
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )
    phone = forms.CharField(
        label="Phone (optional)",
        max_length=40,
        required=False,
        help_text="Only for the courier, if they cannot find you.",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    shipping_method = forms.ChoiceField(
        label="Delivery", widget=forms.RadioSelect, initial="standard"
    )

    accept_terms = forms.BooleanField(
        label="I have read and accept the terms and conditions",
        error_messages={"required": "Tick the box to accept the terms and conditions."},
    )

    def __init__(self, *args, subtotal, site_settings, **kwargs):
        super().__init__(*args, **kwargs)
        policies = PolicyPage.live_by_kind()
        self.terms_page = policies.get("terms")
        self.returns_page = policies.get("returns")
        if self.terms_page is None:
            # There is nothing to accept until editors publish the terms.
            del self.fields["accept_terms"]
        self.shipping_options = shipping_options(subtotal, site_settings)
        self.fields["shipping_method"].choices = [
            (option.code, option.name) for option in self.shipping_options
        ]
        if "country" not in self.initial and settings.SHOP_SHIPPING_COUNTRIES:
            self.initial["country"] = default_country()

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()

    def details(self) -> CheckoutDetails:
        data = self.cleaned_data
        return CheckoutDetails(
            email=data["email"].strip(),
            full_name=data["full_name"].strip(),
            address_line1=data["address_line1"].strip(),
            address_line2=data["address_line2"].strip(),
            postcode=data["postcode"],
            city=data["city"].strip(),
            country=data["country"],
            phone=data["phone"].strip(),
            shipping_method=data["shipping_method"],
            terms_version=self.terms_page.version if self.terms_page else "",
        )
