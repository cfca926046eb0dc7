"""Forms of "Your account": saved addresses and deleting the account.

Sign-up, log-in, password and e-mail forms are allauth's own.
"""

from django import forms

from shop.cart.shipping import country_choices, default_country, validate_postcode

from .models import Address


class AddressForm(forms.ModelForm):
    postcode = forms.CharField(
        max_length=12,
        validators=[validate_postcode],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    country = forms.ChoiceField(
        choices=country_choices,
        widget=forms.Select(attrs={"autocomplete": "country"}),
    )

    class Meta:
        model = Address
        fields = [
            "full_name",
            "address_line1",
            "address_line2",
            "postcode",
            "city",
            "country",
            "phone",
            "is_default",
        ]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "address_line1": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "address_line2": forms.TextInput(attrs={"autocomplete": "address-line2"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("country", default_country())

    def clean_postcode(self):
        return self.cleaned_data["postcode"].strip().upper()


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        help_text="To be sure it is you.",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
