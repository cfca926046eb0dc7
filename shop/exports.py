"""CSV and XLSX export helpers shared by every shop admin listing and report.

A plain module at the top of the `shop` package: any shop app may import it, and it
imports no shop app.
"""

from decimal import Decimal

from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet


def csv_safe(value):
    """Spreadsheet apps run cells that start with = + - @ as formulas; staff-typed
    notes and references must come out as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


class SafeExportMixin:
    """For ModelViewSet index views: exported text cells are formula-safe."""

    custom_value_preprocess = {
        **ModelViewSet.index_view_class.custom_value_preprocess,
        str: {"csv": csv_safe, "xlsx": csv_safe},
    }


#: For report views whose rows are dicts: safe text, and money as text in CSV but
#: as a number in XLSX (so spreadsheet sums work).
REPORT_VALUE_PREPROCESS = {
    **ReportView.custom_value_preprocess,
    str: {"csv": csv_safe, "xlsx": csv_safe},
    Decimal: {"csv": str, "xlsx": float},
}
