"""Moderating one review in the Wagtail admin: read it, reply, approve or reject.

The view parses and confirms; `services.py` changes the review (and purges the
product's pages). Reviewers' words are shown escaped, as everywhere.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .models import REPLY_MAX_LENGTH, Review, ReviewStatus

MODERATE_REVIEW = "reviews.change_review"
VIEW_ORDER = "orders.view_order"

STATUS_TONE = {
    ReviewStatus.PENDING: "warn",
    ReviewStatus.APPROVED: "ok",
    ReviewStatus.REJECTED: "muted",
}
ACTIONS = {
    "approve": "Approve",
    "reject": "Reject",
    "reply": "Save reply",
}


class ModerationForm(forms.Form):
    reply = forms.CharField(
        label="Reply from Unknot",
        required=False,
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown under the review once it is approved, as plain text. "
        "Leave empty for no reply.",
    )
    action = forms.ChoiceField(choices=list(ACTIONS.items()))


class ModerateReviewView(WagtailAdminTemplateMixin, FormView):
    form_class = ModerationForm
    template_name = "shop/reviews/admin/moderate.html"
    header_icon = "comment"
    page_title = "Moderate review"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE_REVIEW):
            raise PermissionDenied
        self.review = get_object_or_404(
            Review.objects.select_related("product", "order", "moderated_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.review.title

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("shop_reviews:index"), "label": "Reviews"},
            {"url": "", "label": self.review.title},
        ]

    def get_initial(self):
        return {"reply": self.review.reply}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        review = self.review
        may_view_order = self.request.user.has_perm(VIEW_ORDER)
        context.update(
            review=review,
            tone=STATUS_TONE[review.status],
            order_url=reverse("shop_orders:inspect", args=[review.order_id])
            if may_view_order
            else "",
            product_url=review.product.url,
            edit_product_url=reverse(
                "wagtailadmin_pages:edit", args=[review.product_id]
            ),
            actions=ACTIONS,
        )
        return context

    def form_valid(self, form):
        review, user = self.review, self.request.user
        services.reply_to_review(
            review_id=review.pk, actor=user, text=form.cleaned_data["reply"]
        )
        action = form.cleaned_data["action"]
        if action == "approve":
            services.approve_review(review_id=review.pk, actor=user)
            messages.success(
                self.request,
                f"Review \u201c{review.title}\u201d approved: it shows on "
                f"{review.product.title}.",
            )
        elif action == "reject":
            services.reject_review(review_id=review.pk, actor=user)
            messages.success(
                self.request, f"Review \u201c{review.title}\u201d rejected."
            )
        else:
            messages.success(self.request, "Reply saved.")
            return redirect("shop_reviews:moderate", review.pk)
        return redirect("shop_reviews:index")  # the next waiting review comes first
