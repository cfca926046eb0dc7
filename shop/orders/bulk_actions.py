"""Bulk actions on the Orders listing (Wagtail's bulk-action framework): mark the
selected orders packed, print their packing slips as one document, export them.

Marking packed goes through `fulfilment.mark_packed` order by order, each under its
own lock; an order that cannot be packed (any more) is skipped and named, the rest
are packed. Printing and exporting read the selection in a fixed number of queries.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.template.defaultfilters import pluralize
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from shop.exports import SafeExportMixin

from . import fulfilment
from .admin_views import FULFIL_ORDER, VIEW_ORDER, order_queryset
from .exceptions import OrderActionError
from .models import Order, OrderStatus
from .status import can_transition
from .viewsets import ORDER_EXPORT, ORDER_EXPORT_HEADINGS

S = OrderStatus


class OrderBulkAction(BulkAction):
    models = [Order]
    permission_required = VIEW_ORDER

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_ORDER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def get_queryset(cls, model, object_ids):
        return list(order_queryset().filter(pk__in=object_ids).order_by("created_at"))

    def check_perm(self, order):
        return self.request.user.has_perm(self.permission_required)

    def object_context(self, order):
        return {"item": order, "reason": self.refusal(order)}

    def refusal(self, order) -> str:
        return ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["ready"] = [item for item in context["items"] if not item["reason"]]
        context["title"] = self.display_name
        return context


class MarkPackedBulkAction(OrderBulkAction):
    display_name = "Mark packed"
    action_type = "mark_packed"
    aria_label = "Mark the selected orders packed"
    template_name = "shop/orders/admin/bulk_mark_packed.html"
    permission_required = FULFIL_ORDER
    action_priority = 10

    def refusal(self, order) -> str:
        if not can_transition(order.status, S.PACKED):
            return f"{order.get_status_display()}: cannot be packed"
        return ""

    def get_execution_context(self):
        return {"actor": self.request.user, "request": self.request}

    @classmethod
    def execute_action(cls, objects, actor=None, request=None, **kwargs):
        packed, skipped = 0, []
        for order in objects:
            try:
                fulfilment.mark_packed(order_id=order.pk, actor=actor)
            except OrderActionError as error:
                skipped.append(f"{order.reference} ({error})")
            else:
                packed += 1
        if skipped and request is not None:
            messages.warning(request, "Not packed: " + "; ".join(skipped))
        return packed, 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        count = num_parent_objects
        return f"{count} order{pluralize(count)} marked packed."


class ImmediateBulkAction(OrderBulkAction):
    """Reads the selection and answers at once: nothing changes, nothing to confirm."""

    def get(self, request, *args, **kwargs):
        orders, _ = self.get_actionable_objects()
        return self.respond(orders)

    def respond(self, orders):
        raise NotImplementedError


class PrintPackingSlipsBulkAction(ImmediateBulkAction):
    """One printable document, one slip per page."""

    display_name = "Print packing slips"
    action_type = "packing_slips"
    aria_label = "Print the packing slips of the selected orders"
    template_name = "shop/orders/admin/packing_slips.html"
    action_priority = 20

    def respond(self, orders):
        return render(self.request, self.template_name, {"orders": orders})


class SelectionExport(SafeExportMixin, SpreadsheetExportMixin):
    list_export = ORDER_EXPORT
    export_headings = ORDER_EXPORT_HEADINGS

    def get_filename(self):
        return "orders-selection"

    def get_heading(self, queryset, field):
        # The selection is a list; headings come from the model all the same.
        return super().get_heading(Order.objects.none(), field)


class ExportBulkAction(ImmediateBulkAction):
    display_name = "Export CSV"
    action_type = "export_csv"
    aria_label = "Export the selected orders as CSV"
    action_priority = 30

    def respond(self, orders):
        return SelectionExport().as_spreadsheet(orders, "csv")


BULK_ACTIONS = [MarkPackedBulkAction, PrintPackingSlipsBulkAction, ExportBulkAction]
