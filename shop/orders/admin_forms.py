"""Forms for the staff order actions; they parse, admin_services decides."""

import secrets
from decimal import Decimal

from django import forms

from .fulfilment import CARRIERS


class ConfirmForm(forms.Form):
    """A plain "yes, do it" with an optional note."""


class ShipForm(forms.Form):
    carrier = forms.ChoiceField(
        choices=[("", "Choose a carrier")]
        + [(code, name) for code, (name, _url) in CARRIERS.items()]
    )
    tracking_number = forms.CharField(
        max_length=60, help_text="Sent to the shopper with the carrier's tracking link."
    )

    def clean_tracking_number(self):
        number = self.cleaned_data["tracking_number"].strip()
        if not number.replace("-", "").replace(" ", "").isalnum():
            raise forms.ValidationError("Use only letters, digits, spaces and dashes.")
        return number


class CancelForm(forms.Form):
    reason = forms.CharField(
        max_length=200, help_text="Kept in the order's history (the shopper sees none)."
    )
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", secrets.token_urlsafe(12))


class RefundForm(forms.Form):
    """Amount, reason and how many units of each line go back on the shelf.

    `key` is minted when the form is first shown and travels with every re-submit,
    so a double click or a retried POST is one refund.
    """

    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01")
    )
    reason = forms.CharField(max_length=200)
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, order, restockable, refundable, **kwargs):
        super().__init__(*args, **kwargs)
        self.refundable = refundable
        if not self.is_bound:
            self.initial.setdefault("key", secrets.token_urlsafe(12))
            self.initial.setdefault("amount", refundable)
        self.fields[
            "amount"
        ].help_text = (
            f"At most {refundable} {order.currency} (captured minus earlier refunds)."
        )
        self.restock_fields = []
        for line in order.lines.all():
            most = restockable.get(line.pk, 0)
            if not most:
                continue
            name = f"restock_{line.pk}"
            self.fields[name] = forms.IntegerField(
                min_value=0,
                max_value=most,
                required=False,
                initial=0,
                label=f"Put back on the shelf: {line.sku}",
                help_text=f"Up to {most} of {line.quantity}.",
            )
            self.restock_fields.append((line, name))

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount > self.refundable:
            raise forms.ValidationError(
                f"That is more than can still be refunded ({self.refundable})."
            )
        return amount

    def restock_lines(self) -> dict[int, int]:
        return {
            line.pk: self.cleaned_data.get(name) or 0
            for line, name in self.restock_fields
            if self.cleaned_data.get(name)
        }
