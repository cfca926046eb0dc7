from django import forms
from django.core.validators import MaxLengthValidator

from home.double_opt_in import clean_source
from home.request_numbers import MAX_ID, WholeNumberField

from .consent import CURRENT, WORDINGS


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={"invalid": "Enter an e-mail address like name@example.com."},
    )
    consent = forms.BooleanField(
        label=CURRENT.text,
        error_messages={"required": "Tick the box to say you agree."},
    )
    wording = forms.CharField(widget=forms.HiddenInput, max_length=32)
    source = forms.CharField(
        widget=forms.HiddenInput, required=False, validators=[MaxLengthValidator(2000)]
    )
    guide = WholeNumberField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=MAX_ID
    )

    def clean_wording(self):
        wording = WORDINGS.get(self.cleaned_data["wording"])
        if wording is None:
            raise forms.ValidationError(
                "This form is out of date. Reload the page and try again."
            )
        return wording

    def clean_source(self):
        return clean_source(self.cleaned_data.get("source", ""))


class UnsubscribeForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={"invalid": "Enter an e-mail address like name@example.com."},
    )
