"""Order screens in the Wagtail admin: the order page (inspect view), the action
confirmations and the packing slip. Views parse and confirm; the lifecycle services
(fulfilment, refunds, cancellation) act."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import InspectView
from wagtail.admin.widgets.button import HeaderButton

from shop.inventory.models import StockMovement

from . import cancellation, fulfilment, refunds
from .admin_forms import CancelForm, ConfirmForm, RefundForm, ShipForm
from .exceptions import OrderActionError
from .models import Order, OrderStatus
from .status import UNPAID_STATUSES, can_transition
from .stock import restockable_per_line

VIEW_ORDER = "orders.view_order"
FULFIL_ORDER = "orders.fulfil_order"
REFUND_ORDER = "orders.refund_order"

S = OrderStatus

STATUS_TONE = {
    S.PENDING_PAYMENT: "muted",
    S.AWAITING_PAYMENT: "muted",
    S.PAID: "ok",
    S.PAYMENT_FAILED: "danger",
    S.EXPIRED: "muted",
    S.NEEDS_ATTENTION: "danger",
    S.PACKED: "warn",
    S.SHIPPED: "ok",
    S.DELIVERED: "ok",
    S.CANCELLED: "muted",
    S.REFUNDED: "muted",
    S.PARTIALLY_REFUNDED: "warn",
}


def order_queryset():
    return Order.objects.select_related("user").prefetch_related("lines")


def available_actions(order: Order, user) -> list[dict]:
    """The actions this user may take on this order now, for buttons and checks."""
    actions = []
    fulfil = user.has_perm(FULFIL_ORDER)
    refund = user.has_perm(REFUND_ORDER)
    if fulfil and fulfilment.can_fulfil(order, S.PACKED):
        actions.append({"name": "packed", "label": "Mark packed", "icon": "tasks"})
    if fulfil and fulfilment.can_fulfil(order, S.SHIPPED):
        actions.append({"name": "shipped", "label": "Mark shipped", "icon": "upload"})
    if fulfil and fulfilment.can_fulfil(order, S.DELIVERED):
        actions.append(
            {"name": "delivered", "label": "Mark delivered", "icon": "success"}
        )
    if can_transition(order.status, S.CANCELLED):
        needs_refund = refunds.refundable(order) > 0
        if (fulfil and not needs_refund) or refund:
            actions.append({"name": "cancel", "label": "Cancel order", "icon": "cross"})
    if refund and refunds.refundable(order) > 0:
        actions.append({"name": "refund", "label": "Refund", "icon": "resubmit"})
    return actions


class OrderInspectView(InspectView):
    """Everything about one order on one page, with the actions this user may take."""

    template_name = "shop/orders/admin/inspect.html"
    page_title = "Order"

    def get_object(self, queryset=None):
        return get_object_or_404(order_queryset(), pk=self.pk)

    def get_page_subtitle(self):
        return self.object.reference

    @cached_property
    def header_more_buttons(self):
        return []

    @cached_property
    def header_buttons(self):
        order = self.object
        buttons = [
            HeaderButton(
                action["label"],
                url=reverse(f"shop_orders:{action['name']}", args=[order.pk]),
                icon_name=action["icon"],
            )
            for action in available_actions(order, self.request.user)
        ]
        buttons.append(
            HeaderButton(
                "Packing slip",
                url=reverse("shop_orders:packing_slip", args=[order.pk]),
                icon_name="doc-full",
            )
        )
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        context.update(
            order=order,
            tone=STATUS_TONE.get(order.status, "muted"),
            lines=order.lines.select_related("source_page", "variant"),
            payments=order.payments.all(),
            refunds=order.refunds.select_related("actor"),
            history=order.status_changes.select_related("actor"),
            movements=StockMovement.objects.filter(reference=order.reference)
            .select_related("stock__variant__product", "user")
            .order_by("created_at", "pk"),
            shipment=fulfilment.latest_shipment(order),
            captured=refunds.captured(order),
            refunded=order.amount_refunded(),
            refundable=refunds.refundable(order),
        )
        return context


class OrderActionMixin(WagtailAdminTemplateMixin):
    """Shared plumbing: the order, the permission check, the refusal message."""

    action = ""
    permission_required = FULFIL_ORDER
    template_name = "shop/orders/admin/action.html"
    header_icon = "doc-full"
    confirm_label = "Confirm"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_ORDER):
            raise PermissionDenied
        self.order = get_object_or_404(order_queryset(), pk=kwargs["pk"])
        if not self.user_may_act(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def user_may_act(self, user) -> bool:
        return user.has_perm(self.permission_required)

    def get_page_title(self):
        return f"{self.title} {self.order.reference}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("shop_orders:index"), "label": "Orders"},
            {
                "url": reverse("shop_orders:inspect", args=[self.order.pk]),
                "label": self.order.reference,
            },
            {"url": "", "label": self.title},
        ]

    def inspect_url(self):
        return reverse("shop_orders:inspect", args=[self.order.pk])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            order=self.order,
            title=self.title,
            explanation=self.explanation(),
            confirm_label=self.confirm_label,
            cancel_url=self.inspect_url(),
            allowed=self.is_allowed_now(),
        )
        return context

    def is_allowed_now(self) -> bool:
        return True

    def explanation(self) -> str:
        return ""

    def refuse(self, error):
        messages.error(self.request, str(error))
        return redirect(self.inspect_url())


class TransitionActionView(OrderActionMixin, FormView):
    """Packed / delivered: confirm, then move the order through the state machine."""

    form_class = ConfirmForm
    to_status = ""

    def is_allowed_now(self):
        if self.to_status in fulfilment.FULFILMENT_STEPS:
            return fulfilment.can_fulfil(self.order, self.to_status)
        return can_transition(self.order.status, self.to_status)

    def form_valid(self, form):
        try:
            self.perform(form)
        except OrderActionError as error:
            return self.refuse(error)
        messages.success(self.request, self.success_message())
        return redirect(self.inspect_url())

    def success_message(self):
        return f"Order {self.order.reference} marked {S(self.to_status).label.lower()}."


class MarkPackedView(TransitionActionView):
    title = "Mark packed"
    to_status = S.PACKED
    confirm_label = "Mark packed"

    def explanation(self):
        return "Confirm that every line below is in the parcel."

    def perform(self, form):
        fulfilment.mark_packed(order_id=self.order.pk, actor=self.request.user)


class MarkShippedView(TransitionActionView):
    title = "Mark shipped"
    to_status = S.SHIPPED
    form_class = ShipForm
    confirm_label = "Mark shipped and e-mail the shopper"

    def explanation(self):
        return (
            f"The shopper ({self.order.email}) gets an e-mail with the tracking link."
        )

    def perform(self, form):
        fulfilment.mark_shipped(
            order_id=self.order.pk,
            actor=self.request.user,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
        )

    def success_message(self):
        return f"Order {self.order.reference} marked shipped; the shopper was e-mailed."


class MarkDeliveredView(TransitionActionView):
    title = "Mark delivered"
    to_status = S.DELIVERED
    confirm_label = "Mark delivered"

    def perform(self, form):
        fulfilment.mark_delivered(order_id=self.order.pk, actor=self.request.user)


class CancelOrderView(TransitionActionView):
    title = "Cancel order"
    to_status = S.CANCELLED
    form_class = CancelForm
    confirm_label = "Cancel the order"

    def user_may_act(self, user):
        if refunds.refundable(self.order) > 0:
            return user.has_perm(REFUND_ORDER)
        return user.has_perm(FULFIL_ORDER)

    def explanation(self):
        order = self.order
        money = refunds.refundable(order)
        if order.status in UNPAID_STATUSES:
            return (
                "Nothing was paid. The open payment session is closed and the "
                "reserved units go back to available stock."
            )
        parts = []
        if money > 0:
            parts.append(f"{money} {order.currency} is refunded to the shopper")
        if restockable_per_line(order):
            parts.append("the sold units go back on the shelf")
        return (" and ".join(parts) or "Nothing is refunded or restocked") + "."

    def perform(self, form):
        cancellation.cancel_order(
            order_id=self.order.pk,
            actor=self.request.user,
            reason=form.cleaned_data["reason"],
            key=form.cleaned_data["key"],
        )

    def success_message(self):
        return f"Order {self.order.reference} cancelled."


class RefundOrderView(OrderActionMixin, FormView):
    title = "Refund"
    permission_required = REFUND_ORDER
    template_name = "shop/orders/admin/refund.html"
    form_class = RefundForm
    confirm_label = "Refund"

    def is_allowed_now(self):
        return refunds.refundable(self.order) > 0

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(
            order=self.order,
            restockable=restockable_per_line(self.order),
            refundable=refunds.refundable(self.order),
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            captured=refunds.captured(self.order),
            refunded=self.order.amount_refunded(),
            refundable=refunds.refundable(self.order),
        )
        return context

    def form_valid(self, form):
        try:
            refund = refunds.refund_order(
                order_id=self.order.pk,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                key=form.cleaned_data["key"],
                restock=form.restock_lines(),
                lines=form.refund_lines(),
                shipping=bool(form.cleaned_data.get("refund_shipping")),
                actor=self.request.user,
            )
        except OrderActionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Refunded {refund.amount} {refund.currency} on {self.order.reference}.",
        )
        return redirect(self.inspect_url())


class PackingSlipView(TemplateView):
    """A printable page (its own print stylesheet, no admin chrome)."""

    template_name = "shop/orders/admin/packing_slip.html"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_ORDER):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["order"] = get_object_or_404(order_queryset(), pk=kwargs["pk"])
        context["inspect_url"] = reverse("shop_orders:inspect", args=[kwargs["pk"]])
        return context
