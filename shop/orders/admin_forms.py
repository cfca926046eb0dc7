"""Forms for the staff order actions; they parse, admin_services decides."""

import secrets
from decimal import Decimal

from django import forms

from . import refund_amounts
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
    """What goes back: units of each line and shipping, from which the amount
    follows (capped at what is refundable; staff may lower it, saying why in the
    reason), or a plain amount when no line is chosen. Restock per line is separate:
    only undamaged units go back on the shelf.

    `key` is minted when the form is first shown and travels with every re-submit,
    so a double click or a retried POST is one refund.
    """

    amount = forms.DecimalField(
        max_digits=10, decimal_places=2, min_value=Decimal("0.01"), required=False
    )
    reason = forms.CharField(max_length=200)
    key = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, order, restockable, refundable, **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        self.refundable = refundable
        if not self.is_bound:
            self.initial.setdefault("key", secrets.token_urlsafe(12))
        self.fields["amount"].help_text = (
            f"Follows from the lines chosen; lower it to refund less (say why in the "
            f"reason). With no line chosen, enter any amount up to {refundable} "
            f"{order.currency}."
        )
        done, shipping_done = refund_amounts.refunded_per_line(order)
        self.line_rows = []
        for line in order.lines.all():
            row = {"line": line, "left": line.quantity - done.get(line.pk, 0)}
            # What each unit still refundable was paid, in refund order (a
            # discounted line's units may differ by a cent); the page's script sums
            # these as the server does.
            row["unit_prices"] = ",".join(
                str(refund_amounts.paid_for(line, units=1, already=unit))
                for unit in range(done.get(line.pk, 0), line.quantity)
            )
            if row["left"] > 0:
                row["refund"] = self._number(
                    f"refund_{line.pk}", row["left"], f"Refund units of {line.sku}"
                )
            most = restockable.get(line.pk, 0)
            if most:
                row["restock"] = self._number(
                    f"restock_{line.pk}", most, f"Put back on the shelf: {line.sku}"
                )
            self.line_rows.append(row)
        self.offers_shipping = order.shipping_total > 0 and not shipping_done
        if self.offers_shipping:
            self.fields["refund_shipping"] = forms.BooleanField(
                required=False,
                label=f"Refund shipping ({order.shipping_total} {order.currency})",
            )

    def _number(self, name: str, most: int, label: str) -> str:
        self.fields[name] = forms.IntegerField(
            min_value=0, max_value=most, required=False, initial=0, label=label
        )
        return name

    def _chosen(self, prefix: str) -> dict[int, int]:
        return {
            row["line"].pk: self.cleaned_data.get(row[prefix]) or 0
            for row in self.line_rows
            if prefix in row and self.cleaned_data.get(row[prefix])
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        lines = self.refund_lines()
        shipping = bool(cleaned.get("refund_shipping"))
        amount = cleaned.get("amount")
        if lines or shipping:
            chosen = refund_amounts.amount_for_lines(
                self.order, lines, shipping=shipping
            )
            if amount is None:
                amount = chosen
            elif amount > chosen:
                self.add_error(
                    "amount",
                    f"The lines chosen come to {chosen}; refund at most that, or "
                    "choose more lines.",
                )
        elif amount is None:
            self.add_error("amount", "Choose lines to refund or enter an amount.")
        if amount is not None and amount > self.refundable:
            self.add_error(
                "amount",
                f"That is more than can still be refunded ({self.refundable}).",
            )
        cleaned["amount"] = amount
        return cleaned

    def rows(self) -> list[dict]:
        """Per line, for the template: the line, units left and its bound fields."""
        return [
            {
                "line": row["line"],
                "left": row["left"],
                "unit_prices": row["unit_prices"],
                "refund": self[row["refund"]] if "refund" in row else None,
                "restock": self[row["restock"]] if "restock" in row else None,
            }
            for row in self.line_rows
        ]

    def refund_lines(self) -> dict[int, int]:
        return self._chosen("refund")

    def restock_lines(self) -> dict[int, int]:
        return self._chosen("restock")
