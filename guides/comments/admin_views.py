"""The moderation screen of one comment: read it, approve, reject, mark as spam,
reply in the name of an author or medical reviewer, promote it into the page's Q&A.
The view parses and confirms; `services` acts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .admin_forms import ReplyForm
from .exceptions import CommentActionError
from .models import Comment, CommentStatus

VIEW_COMMENT = "comments.view_comment"
MODERATE_COMMENT = "comments.change_comment"

STATUS_ACTIONS = {
    "approve": (CommentStatus.APPROVED, "Approved: it shows under the page now."),
    "reject": (CommentStatus.REJECTED, "Rejected: it will not be shown."),
    "spam": (CommentStatus.SPAM, "Marked as spam."),
    "pending": (CommentStatus.PENDING, "Back in the queue."),
}


class ModerateView(WagtailAdminTemplateMixin, FormView):
    template_name = "guides/comments/admin/moderate.html"
    form_class = ReplyForm
    header_icon = "comment"
    page_title = "Reader comment"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_COMMENT):
            raise PermissionDenied
        self.comment = get_object_or_404(
            Comment.objects.select_related("page", "reply_by", "moderated_by"),
            pk=kwargs["pk"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.comment)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("comments_moderation:index"), "label": "Reader comments"},
            {"url": "", "label": str(self.comment)},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.comment}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        comment = self.comment
        context.update(
            comment=comment,
            page=comment.page,
            red_flags=list(comment.red_flags.all()),
            may_moderate=self.request.user.has_perm(MODERATE_COMMENT),
            promote_refusal=services.can_promote(comment),
            status_actions=[
                {"name": name, "label": label}
                for name, label in (
                    ("approve", "Approve"),
                    ("reject", "Reject"),
                    ("spam", "Mark as spam"),
                    ("pending", "Back to the queue"),
                )
                if STATUS_ACTIONS[name][0] != comment.status
            ],
            list_url=reverse("comments_moderation:index"),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE_COMMENT):
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action in STATUS_ACTIONS:
                status, message = STATUS_ACTIONS[action]
                services.moderate(
                    comment_id=self.comment.pk, status=status, user=request.user
                )
                messages.success(request, message)
                return redirect(self.request.path)
            if action == "promote":
                page = services.promote(comment_id=self.comment.pk, user=request.user)
                messages.success(
                    request,
                    f"Added to the questions and answers of “{page.title}” "
                    "and published.",
                )
                return redirect(self.request.path)
        except CommentActionError as error:
            messages.error(request, str(error))
            return redirect(self.request.path)
        if action in ("reply", "reply_approve"):
            return super().post(request, *args, **kwargs)
        messages.error(request, "Choose one of the actions on this page.")
        return redirect(self.request.path)

    def form_valid(self, form):
        comment = services.reply(
            comment_id=self.comment.pk,
            reply_by=form.cleaned_data["reply_by"],
            text=form.cleaned_data["reply_text"],
            user=self.request.user,
        )
        approve = self.request.POST.get("action") == "reply_approve"
        if approve and comment.status != CommentStatus.APPROVED:
            services.moderate(
                comment_id=comment.pk,
                status=CommentStatus.APPROVED,
                user=self.request.user,
            )
        messages.success(
            self.request,
            "Reply saved and comment approved." if approve else "Reply saved.",
        )
        return redirect(self.request.path)
