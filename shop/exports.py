"""CSV and XLSX export helpers shared by every shop admin listing and report.

A plain module at the top of the `shop` package: any shop app may import it, and it
imports no shop app.
"""

import datetime
from decimal import Decimal

from django.utils import timezone
from wagtail.admin.views.reports import ReportView
from wagtail.admin.viewsets.model import ModelViewSet


def csv_safe(value):
    """Spreadsheet apps run cells that start with = + - @ as formulas; staff-typed
    notes and references must come out as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def local_text(value: datetime.datetime) -> str:
    """A timestamp as staff read it: the site's local time (TIME_ZONE), to the
    minute, instead of UTC with microseconds."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M")


def local_naive(value: datetime.datetime) -> datetime.datetime:
    """For XLSX (which has no time zones): local wall-clock time, whole seconds."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value)
    return value.replace(microsecond=0)


LOCAL_TIME = {datetime.datetime: {"csv": local_text, "xlsx": local_naive}}


class SafeExportMixin:
    """For ModelViewSet index views: exported text cells are formula-safe and
    timestamps are in local time."""

    custom_value_preprocess = {
        **ModelViewSet.index_view_class.custom_value_preprocess,
        **LOCAL_TIME,
        str: {"csv": csv_safe, "xlsx": csv_safe},
    }


#: For report views whose rows are dicts: safe text, and money as text in CSV but
#: as a number in XLSX (so spreadsheet sums work).
REPORT_VALUE_PREPROCESS = {
    **ReportView.custom_value_preprocess,
    **LOCAL_TIME,
    str: {"csv": csv_safe, "xlsx": csv_safe},
    Decimal: {"csv": str, "xlsx": float},
}
