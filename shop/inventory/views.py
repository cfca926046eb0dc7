"""Admin views for stock actions: thin wrappers that parse a form, call the stock
service and show the ledger rows the call wrote."""

import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .exceptions import InsufficientStock, StockError
from .forms import (
    AdjustStockForm,
    ReceiveDeliveryForm,
    StockTakeUploadForm,
    ThresholdForm,
)
from .models import StockLevel, StockMovement, variant_model
from .reports import default_threshold, state_of, stock_with_state

VIEW_STOCK = "inventory.view_stocklevel"
CHANGE_STOCK = "inventory.change_stocklevel"
RESULT_SESSION_KEY = "inventory:last-result"
STOCKTAKE_SESSION_PREFIX = "inventory:stocktake:"
RESULT_ROWS_SHOWN = 500


class StockPermissionMixin:
    """Who may do what is a Django permission: view to look, change to act."""

    permission_required = VIEW_STOCK

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StockAdminMixin(StockPermissionMixin, WagtailAdminTemplateMixin):
    header_icon = "clipboard-list"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("stock:index"), "label": "Stock"},
            {"url": "", "label": self.get_page_title()},
        ]


def remember_result(request, movements, title: str) -> None:
    """Keep the ids of the rows an action wrote, for the result page after the
    redirect (a list of ids would not fit in a URL for a big stock-take)."""
    request.session[RESULT_SESSION_KEY] = {
        "title": title,
        "ids": [movement.pk for movement in movements],
    }


class StockDetailView(StockAdminMixin, TemplateView):
    """One SKU: figures, state, the adjustment and threshold forms, recent ledger."""

    template_name = "shop/inventory/admin/stock_detail.html"

    @cached_property
    def level(self):
        queryset = stock_with_state(default_threshold(self.request))
        return get_object_or_404(queryset, pk=self.kwargs["pk"])

    def get_page_title(self):
        return self.level.variant.sku

    def get_page_subtitle(self):
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        level = self.level
        context.update(
            level=level,
            state=state_of(level),
            can_change=self.request.user.has_perm(CHANGE_STOCK),
            adjust_form=kwargs.get("adjust_form") or AdjustStockForm(),
            threshold_form=kwargs.get("threshold_form")
            or ThresholdForm(initial={"threshold": level.low_stock_threshold}),
            movements=level.movements.select_related("user")[:25],
            ledger_url=reverse("stock_movements:index") + f"?stock={level.pk}",
        )
        return context


class AdjustStockView(StockDetailView):
    permission_required = CHANGE_STOCK
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = AdjustStockForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(adjust_form=form))
        try:
            movement = services.adjust_stock(
                variant_id=self.level.variant_id,
                delta=form.cleaned_data["delta"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                user=request.user,
            )
        except InsufficientStock as error:
            shortage = error.shortages[0]
            form.add_error(
                "delta",
                f"Only {shortage.available} units are free to remove "
                "(the rest are reserved for checkouts).",
            )
            return self.render_to_response(self.get_context_data(adjust_form=form))
        except StockError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(adjust_form=form))
        remember_result(request, [movement], f"Adjusted {self.level.variant.sku}")
        messages.success(request, f"{self.level.variant.sku}: stock adjusted.")
        return redirect("stock:result")


class ThresholdView(StockDetailView):
    permission_required = CHANGE_STOCK
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ThresholdForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(threshold_form=form))
        services.set_low_stock_threshold(
            variant_id=self.level.variant_id,
            threshold=form.cleaned_data["threshold"],
            reason=form.cleaned_data["note"],
            user=request.user,
        )
        threshold = form.cleaned_data["threshold"]
        shown = "the site default" if threshold is None else str(threshold)
        messages.success(
            request,
            f"{self.level.variant.sku}: low-stock threshold set to {shown} "
            "(recorded in Reports → Site history).",
        )
        return redirect("stock:detail", pk=self.level.pk)


class ReceiveDeliveryView(StockAdminMixin, FormView):
    """Book one supplier delivery: several SKUs in one all-or-nothing call."""

    permission_required = CHANGE_STOCK
    template_name = "shop/inventory/admin/receive.html"
    form_class = ReceiveDeliveryForm
    page_title = "Receive a delivery"
    header_icon = "download"

    def get_initial(self):
        sku = self.request.GET.get("sku", "")
        level = StockLevel.objects.filter(variant__sku=sku).first() if sku else None
        return {"stock_0": level.pk} if level else {}

    def form_valid(self, form):
        try:
            movements = services.receive(
                lines=form.cleaned_data["lines"],
                reference=form.cleaned_data["reference"],
                note=form.cleaned_data["note"],
                user=self.request.user,
            )
        except StockError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        remember_result(
            self.request,
            movements,
            f"Delivery {form.cleaned_data['reference']} received",
        )
        units = sum(m.delta_on_hand for m in movements)
        messages.success(
            self.request,
            f"Received {units} units over {len(movements)} SKUs "
            f"({form.cleaned_data['reference']}).",
        )
        return redirect("stock:result")


class ActionResultView(StockAdminMixin, TemplateView):
    """The ledger rows the last stock action wrote."""

    template_name = "shop/inventory/admin/result.html"
    page_title = "Ledger rows written"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        result = self.request.session.get(RESULT_SESSION_KEY) or {}
        ids = result.get("ids", [])
        rows = StockMovement.objects.filter(pk__in=ids).select_related(
            "stock__variant__product", "user"
        )
        context.update(
            title=result.get("title", "Nothing recent"),
            movements=rows.order_by("stock__variant__sku")[:RESULT_ROWS_SHOWN],
            total=len(ids),
            shown_limit=RESULT_ROWS_SHOWN,
        )
        return context


class StockTakeUploadView(StockAdminMixin, FormView):
    """Step 1 of a stock-take: upload and check the CSV; nothing changes yet."""

    permission_required = CHANGE_STOCK
    template_name = "shop/inventory/admin/stocktake_upload.html"
    form_class = StockTakeUploadForm
    page_title = "Stock-take import"
    header_icon = "upload"

    def form_valid(self, form):
        parsed = form.cleaned_data["parsed"]
        if not parsed.ok:
            return self.render_to_response(
                self.get_context_data(form=form, parse_errors=parsed.errors)
            )
        variants = dict(
            variant_model()
            .objects.filter(sku__in=list(parsed.counts))
            .values_list("sku", "pk")
        )
        levels = dict(
            StockLevel.objects.filter(variant_id__in=variants.values()).values_list(
                "variant_id", "on_hand"
            )
        )
        token = secrets.token_urlsafe(12)
        self.request.session[STOCKTAKE_SESSION_PREFIX + token] = {
            "reference": form.cleaned_data["reference"],
            "note": form.cleaned_data["note"],
            "filename": form.cleaned_data["file"].name[:100],
            # variant id -> [counted, on hand when previewed]
            "rows": {
                str(variants[sku]): [counted, levels.get(variants[sku], 0)]
                for sku, counted in parsed.counts.items()
            },
        }
        return redirect("stock:stocktake_preview", token=token)


class StockTakePreviewView(StockAdminMixin, TemplateView):
    """Step 2: the differences the stock-take would book; apply all or nothing."""

    permission_required = CHANGE_STOCK
    template_name = "shop/inventory/admin/stocktake_preview.html"
    page_title = "Stock-take preview"
    header_icon = "upload"
    rows_shown = 500

    @cached_property
    def session_key(self):
        return STOCKTAKE_SESSION_PREFIX + self.kwargs["token"]

    @cached_property
    def pending(self):
        return self.request.session.get(self.session_key)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        if self.pending is None:
            messages.error(
                request, "That stock-take is no longer pending. Upload the file again."
            )
            return redirect("stock:stocktake")
        return super().dispatch(request, *args, **kwargs)

    def preview_rows(self):
        rows = self.pending["rows"]
        levels = StockLevel.objects.filter(variant_id__in=[int(i) for i in rows])
        levels = levels.select_related("variant__product").order_by("variant__sku")
        preview = []
        for level in levels:
            counted, previewed = rows[str(level.variant_id)]
            preview.append(
                {
                    "level": level,
                    "counted": counted,
                    "difference": counted - level.on_hand,
                    "below_reserved": counted < level.reserved,
                    "changed_since": level.on_hand != previewed,
                }
            )
        return preview

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        preview = self.preview_rows()
        changes = [row for row in preview if row["difference"]]
        problems = [row for row in preview if row["below_reserved"]]
        context.update(
            pending=self.pending,
            counted_total=len(preview),
            unchanged=len(preview) - len(changes),
            changes=changes[: self.rows_shown],
            changes_total=len(changes),
            problems=problems,
            net_units=sum(row["difference"] for row in changes),
            rows_shown=self.rows_shown,
        )
        return context

    def post(self, request, *args, **kwargs):
        rows = self.pending["rows"]
        counts = {int(vid): counted for vid, (counted, _) in rows.items()}
        expected = {int(vid): previewed for vid, (_, previewed) in rows.items()}
        try:
            with transaction.atomic():
                # Lock first (the service locks the same rows again, in the same
                # order), so the "changed since preview" check cannot go stale.
                locked = StockLevel.objects.select_for_update(of=("self",))
                moved = [
                    level.variant.sku
                    for level in locked.filter(variant_id__in=counts)
                    .select_related("variant")
                    .order_by("pk")
                    if level.on_hand != expected[level.variant_id]
                ]
                if moved:
                    raise StockMoved(moved)
                movements = services.set_counted_stock(
                    counts=counts,
                    reference=self.pending["reference"],
                    note=self.pending["note"]
                    or f"Stock-take {self.pending['filename']}",
                    user=request.user,
                )
        except StockMoved as error:
            messages.error(
                request,
                "Stock changed since the preview for "
                f"{', '.join(error.skus[:10])}"
                f"{' …' if len(error.skus) > 10 else ''}; nothing was applied. "
                "Count those SKUs again or upload the file again.",
            )
            return redirect("stock:stocktake_preview", token=self.kwargs["token"])
        except InsufficientStock as error:
            short = ", ".join(s.sku for s in error.shortages[:10])
            messages.error(
                request,
                f"Counts below what is reserved for checkouts ({short}); "
                "nothing was applied.",
            )
            return redirect("stock:stocktake_preview", token=self.kwargs["token"])
        del request.session[self.session_key]
        remember_result(
            request, movements, f"Stock-take {self.pending['reference']} applied"
        )
        messages.success(
            request,
            f"Stock-take applied: {_count(len(movements), 'correction')} written, "
            f"{_count(len(counts) - len(movements), 'SKU')} unchanged.",
        )
        return redirect("stock:result")


class StockMoved(Exception):
    def __init__(self, skus):
        self.skus = skus
        super().__init__(", ".join(skus))


def _count(number: int, noun: str) -> str:
    """`1 correction`, `2 corrections`: the message reads as a sentence."""
    return f"{number} {noun}{pluralize(number)}"
