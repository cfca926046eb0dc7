from django import forms

from home.request_numbers import MAX_ID, WholeNumberField
from shop.catalogue.models import ProductVariant

CONSENT_LABEL = (
    "E-mail me once when it is back in stock. I confirm my address first, and can "
    "cancel with one click."
)


class AlertForm(forms.Form):
    variant = WholeNumberField(
        min_value=1,
        max_value=MAX_ID,
        error_messages={"required": "Choose the option you are waiting for."},
    )
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={"invalid": "Enter an e-mail address like name@example.com."},
    )
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        error_messages={"required": "Tick the box to say you agree."},
    )

    def clean_variant(self):
        variant = (
            ProductVariant.objects.filter(
                pk=self.cleaned_data["variant"], is_active=True, product__live=True
            )
            .select_related("product", "stock")
            .first()
        )
        if variant is None:
            raise forms.ValidationError("That product is no longer available.")
        return variant
