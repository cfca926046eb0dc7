"""Subscribers in the admin, for marketers: who is confirmed, pending or gone, the
consent record of each, an export of the confirmed ones for the mailing tool, and
deletion on request (one action, through services.erase)."""

import django_filters
from django import forms
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from home.double_opt_in import OptInStatus
from shop.exports import SafeExportMixin

from . import services
from .models import NewsletterSubscriber


class SubscriberFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=OptInStatus.choices,
        empty_label="All",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = NewsletterSubscriber
        fields = []


class SubscriberIndexView(SafeExportMixin, ModelViewSet.index_view_class):
    page_title = "Newsletter subscribers"
    default_ordering = "-requested_at"
    search_fields = ["email"]
    search_backend_name = None
    export_filename = "newsletter-confirmed"
    # The mailing tool gets confirmed addresses only, whatever the filter shows.
    list_export = ["email", "confirmed_at", "source", "consent_version"]
    export_headings = {
        "email": "Email",
        "confirmed_at": "Confirmed",
        "source": "Signed up on",
        "consent_version": "Consent wording",
    }

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.is_export:
            return queryset.filter(status=OptInStatus.CONFIRMED)
        return queryset

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "email",
                label="E-mail",
                sort_key="email",
                get_url=lambda subscriber: self.get_inspect_url(subscriber),
            ),
            Column(
                "status",
                label="Status",
                accessor="get_status_display",
                sort_key="status",
            ),
            DateColumn("requested_at", label="Signed up", sort_key="requested_at"),
            DateColumn("confirmed_at", label="Confirmed", sort_key="confirmed_at"),
            DateColumn("withdrawn_at", label="Unsubscribed", sort_key="withdrawn_at"),
            Column("source", label="Page"),
        ]

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons.copy()
        for button in buttons:
            if "export=" in button.url:
                fmt = "XLSX" if "export=xlsx" in button.url else "CSV"
                button.label = f"Download confirmed ({fmt})"
        return buttons


class SubscriberDeleteView(ModelViewSet.delete_view_class):
    success_message = "Deleted everything we held about %(object)s."

    def delete_action(self):
        services.erase(self.object)


class SubscriberViewSet(ModelViewSet):
    model = NewsletterSubscriber
    name = "newsletter_subscribers"
    icon = "mail"
    menu_label = "Newsletter"
    menu_order = 350
    add_to_admin_menu = True
    index_view_class = SubscriberIndexView
    delete_view_class = SubscriberDeleteView
    filterset_class = SubscriberFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "status",
        "requested_at",
        "confirmation_sent_at",
        "confirmed_at",
        "withdrawn_at",
        "source",
        "consent_version",
        "consent_text",
        "free_guide",
        "history",
    ]
    copy_view_enabled = False
    add_to_reference_index = False
    list_per_page = 50

    def get_urlpatterns(self):
        # No add or edit: records come from sign-ups only, and consent is never
        # rewritten by hand.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<str:pk>/", self.inspect_view, name="inspect"),
            path("delete/<str:pk>/", self.delete_view, name="delete"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{
                "add_url_name": None,
                "edit_url_name": None,
                "history_url_name": None,
                "usage_url_name": None,
                **kwargs,
            }
        )
