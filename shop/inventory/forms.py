"""Admin forms for stock actions. They only parse and validate; the views hand the
cleaned data to shop/inventory/services.py, the one place that changes stock."""

import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from wagtail.admin.forms.models import formfield_for_dbfield

from home.request_numbers import MAX_ID, parse_int

from .models import MovementReason, PurchaseOrderLine, variant_model

ADJUST_REASONS = [
    (MovementReason.CORRECTION, "Correction (miscount, found units)"),
    (MovementReason.DAMAGED, "Damaged or lost"),
    (MovementReason.RETURNED, "Returned by a customer"),
]

RECEIVE_LINES = 8
STOCKTAKE_MAX_BYTES = 5 * 1024 * 1024
STOCKTAKE_MAX_ROWS = 20_000
# More than any shelf holds; far below what the stock columns can store.
MAX_STOCK = 1_000_000
SKU_HEADERS = {"sku"}
COUNT_HEADERS = {"counted", "count", "quantity", "qty", "on_hand", "on hand"}


class AdjustStockForm(forms.Form):
    delta = forms.IntegerField(
        label="Change in units on hand",
        help_text="Positive adds units, negative removes them (e.g. -2).",
        min_value=-1_000_000,
        max_value=1_000_000,
    )
    reason = forms.ChoiceField(choices=ADJUST_REASONS)
    note = forms.CharField(
        max_length=255,
        label="Why",
        help_text="Required: what happened, for the ledger.",
    )

    def clean_delta(self):
        delta = self.cleaned_data["delta"]
        if delta == 0:
            raise ValidationError("Enter a change other than zero.")
        return delta


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=1_000_000,
        label="Low-stock threshold",
        help_text="Leave empty to use the site-wide default from Site settings.",
    )
    note = forms.CharField(max_length=255, label="Why")


def stock_choice_field(label: str) -> forms.Field:
    """A field choosing a StockLevel, with whatever widget the admin registered
    for that model (the SKU picker shop.staff registers, with search, picture and
    stock figures). Asked of Wagtail, so inventory need not know who provides it."""
    return formfield_for_dbfield(
        PurchaseOrderLine._meta.get_field("stock"), required=False, label=label
    )


class ReceiveDeliveryForm(forms.Form):
    """A delivery without a purchase order: a supplier reference and up to
    RECEIVE_LINES (SKU chosen with the picker, units)."""

    reference = forms.CharField(
        max_length=100,
        label="Supplier reference",
        help_text="Delivery note or the supplier's invoice number.",
    )
    note = forms.CharField(max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(RECEIVE_LINES):
            self.fields[f"stock_{index}"] = stock_choice_field(f"SKU {index + 1}")
            self.fields[f"quantity_{index}"] = forms.IntegerField(
                required=False,
                label=f"Units {index + 1}",
                max_value=1_000_000,
            )

    def line_fields(self):
        return [
            (self[f"stock_{index}"], self[f"quantity_{index}"])
            for index in range(RECEIVE_LINES)
        ]

    def clean(self):
        cleaned = super().clean()
        wanted: dict[int, int] = {}
        for index in range(RECEIVE_LINES):
            level = cleaned.get(f"stock_{index}")
            quantity = cleaned.get(f"quantity_{index}")
            if level is None and quantity is None:
                continue
            if level is None:
                if f"stock_{index}" not in self.errors:
                    self.add_error(
                        f"stock_{index}", "Choose the SKU for this quantity."
                    )
                continue
            if quantity is None:
                self.add_error(f"quantity_{index}", "Enter how many units arrived.")
                continue
            if quantity <= 0:
                self.add_error(f"quantity_{index}", "Received units must be 1 or more.")
                continue
            wanted[level.variant_id] = wanted.get(level.variant_id, 0) + quantity
        if not wanted and not self.errors:
            raise ValidationError("Choose at least one SKU and its units.")
        cleaned["lines"] = wanted
        return cleaned


@dataclass
class StockTakeParse:
    """A parsed stock-take CSV: the good rows and a list of row-level errors."""

    counts: dict[str, int] = field(default_factory=dict)  # sku -> counted
    errors: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.counts)


def parse_stocktake(upload) -> StockTakeParse:
    """Read `SKU,counted` rows. Every problem is reported with its line number;
    known SKUs are checked against the catalogue."""
    result = StockTakeParse()
    if upload.size > STOCKTAKE_MAX_BYTES:
        result.errors.append(
            f"The file is {upload.size // 1024} KB; the limit is "
            f"{STOCKTAKE_MAX_BYTES // (1024 * 1024)} MB."
        )
        return result
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append("The file is not UTF-8 text. Save it as CSV (UTF-8).")
        return result
    sample = text[:2048]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        header = next(reader)
    except StopIteration:
        result.errors.append("The file is empty.")
        return result
    except csv.Error as error:
        result.errors.append(f"Line 1: not readable as CSV ({error}).")
        return result
    names = [cell.strip().lower() for cell in header]
    sku_col = next((i for i, n in enumerate(names) if n in SKU_HEADERS), None)
    count_col = next((i for i, n in enumerate(names) if n in COUNT_HEADERS), None)
    if sku_col is None or count_col is None:
        result.errors.append(
            "Line 1: the header must name a sku column and a counted column "
            f"(found: {', '.join(names) or 'nothing'})."
        )
        return result

    first_line: dict[str, int] = {}
    try:
        for line_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            result.rows_read += 1
            if result.rows_read > STOCKTAKE_MAX_ROWS:
                result.errors.append(
                    f"More than {STOCKTAKE_MAX_ROWS:,} rows: split the file."
                )
                return result
            if len(row) <= max(sku_col, count_col):
                result.errors.append(f"Line {line_number}: missing a column.")
                continue
            sku = row[sku_col].strip()
            raw_count = row[count_col].strip()
            if not sku:
                result.errors.append(f"Line {line_number}: the SKU is empty.")
                continue
            counted = parse_int(raw_count, min_value=-MAX_ID, max_value=MAX_STOCK)
            if counted is None:
                result.errors.append(
                    f"Line {line_number} ({sku}): “{raw_count}” is not a whole "
                    f"number up to {MAX_STOCK:,}."
                )
                continue
            if counted < 0:
                result.errors.append(
                    f"Line {line_number} ({sku}): a count cannot be negative."
                )
                continue
            if counted > 1_000_000:
                result.errors.append(
                    f"Line {line_number} ({sku}): {counted} is implausibly large."
                )
                continue
            if sku in first_line:
                result.errors.append(
                    f"Line {line_number} ({sku}): already counted on line "
                    f"{first_line[sku]}."
                )
                continue
            first_line[sku] = line_number
            result.counts[sku] = counted
    except csv.Error as error:
        result.errors.append(f"Line {reader.line_num}: not readable as CSV ({error}).")
        return result

    known = set(
        variant_model()
        .objects.filter(sku__in=list(result.counts))
        .values_list("sku", flat=True)
    )
    for sku in result.counts:
        if sku not in known:
            result.errors.append(f"Line {first_line[sku]}: unknown SKU “{sku}”.")
    if not result.counts and not result.errors:
        result.errors.append("The file has a header but no rows.")
    return result


class StockTakeUploadForm(forms.Form):
    file = forms.FileField(
        label="Stock-take CSV",
        help_text=(
            "Two columns with a header row: sku,counted. One row per SKU you counted; "
            "SKUs you leave out keep their figures."
        ),
    )
    reference = forms.CharField(
        max_length=100,
        label="Reference",
        help_text="E.g. 'Stock-take 2026-11-30'. Stored on every correction row.",
    )
    note = forms.CharField(max_length=255, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload is not None:
            cleaned["parsed"] = parse_stocktake(upload)
        return cleaned
