"""Admin pages of transfers and mobile members; their records are written through
:mod:`members.transfers`, and once recorded only their state moves, through the actions."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import MobileMembership, Transfer
from members.transfers import (
    member_transfer_internal,
    mobile_membership_contact,
    mobile_membership_end,
    mobile_membership_start,
    transfer_close,
    transfer_issue_letter,
    transfer_receive,
    transfer_register_incoming,
)
from orgs.admin_base import ScopedAdmin


class OverdueFilter(admin.SimpleListFilter):
    title = _("receipt overdue")
    parameter_name = "overdue"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("yes"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Transfer]) -> QuerySet[Transfer]:
        return queryset.filter(Transfer.overdue_q()) if self.value() == "1" else queryset


class TransferAdminForm(forms.ModelForm[Transfer]):
    class Meta:
        model = Transfer
        fields = [
            "member",
            "kind",
            "to_branch",
            "external_organization",
            "letter_number",
            "in_city",
            "issued_on",
            "valid_days",
            "dues_paid_to",
            "received_on",
            "reason",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "valid_days" in self.fields:  # absent on the read-only change page
            self.fields["valid_days"].required = False


@admin.register(Transfer)
class TransferAdmin(ScopedAdmin[Transfer]):
    """Transfers are recorded through the services; once recorded only their state moves,
    through the actions."""

    form = TransferAdminForm
    list_display = [
        "member",
        "kind",
        "state",
        "from_branch",
        "to_branch",
        "external_organization",
        "letter_number",
        "issued_on",
        "expires_on_display",
        "received_on",
        "overdue_flag",
    ]
    list_filter = ["state", "kind", OverdueFilter]
    search_fields = ["member__name", "letter_number", "external_organization"]
    autocomplete_fields = ["member", "to_branch"]
    list_select_related = ["member", "from_branch", "to_branch"]
    actions = ["receive_action", "return_action", "expire_action"]

    def get_readonly_fields(self, request: HttpRequest, obj: Transfer | None = None) -> Any:
        if obj is not None:
            return [*TransferAdminForm.Meta.fields, "state", "from_branch"]
        return []

    @admin.display(description=_("valid until"))
    def expires_on_display(self, obj: Transfer) -> datetime.date:
        return obj.expires_on

    @admin.display(description=_("receipt overdue"), boolean=True)
    def overdue_flag(self, obj: Transfer) -> bool:
        return obj.is_overdue()

    def save_model(
        self, request: HttpRequest, obj: Transfer, form: ModelForm[Transfer], change: bool
    ) -> None:
        data = form.cleaned_data
        if change:
            raise PermissionDenied
        try:
            if obj.kind == Transfer.Kind.INTERNAL:
                saved = member_transfer_internal(
                    member=obj.member, to_branch=obj.to_branch, on=obj.issued_on, actor=request.user
                )
            elif obj.kind == Transfer.Kind.OUTGOING:
                saved = transfer_issue_letter(
                    member=obj.member,
                    destination=obj.external_organization,
                    letter_number=obj.letter_number,
                    on=obj.issued_on,
                    in_city=obj.in_city,
                    valid_days=data.get("valid_days"),
                    reason=obj.reason,
                    actor=request.user,
                )
            else:
                saved = transfer_register_incoming(
                    member=obj.member,
                    source=obj.external_organization,
                    letter_number=obj.letter_number,
                    issued_on=obj.issued_on,
                    received_on=obj.received_on or timezone.localdate(),
                    in_city=obj.in_city,
                    dues_paid_to=obj.dues_paid_to,
                    actor=request.user,
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            raise
        obj.pk = saved.pk

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError:
            return HttpResponseRedirect(request.get_full_path())

    def _close(self, request: HttpRequest, queryset: QuerySet[Transfer], state: str) -> None:
        for transfer in queryset:
            try:
                if state == Transfer.State.RECEIVED:
                    transfer_receive(transfer=transfer, on=timezone.localdate(), actor=request.user)
                else:
                    transfer_close(transfer=transfer, state=state, actor=request.user)
            except ValidationError as error:
                messages.error(request, f"{transfer}: {' '.join(error.messages)}")

    @admin.action(description=_("Receipt returned today"), permissions=["change"])
    def receive_action(self, request: HttpRequest, queryset: QuerySet[Transfer]) -> None:
        self._close(request, queryset, Transfer.State.RECEIVED)

    @admin.action(description=_("Letter returned unused"), permissions=["change"])
    def return_action(self, request: HttpRequest, queryset: QuerySet[Transfer]) -> None:
        self._close(request, queryset, Transfer.State.RETURNED)

    @admin.action(description=_("Letter expired"), permissions=["change"])
    def expire_action(self, request: HttpRequest, queryset: QuerySet[Transfer]) -> None:
        self._close(request, queryset, Transfer.State.EXPIRED)


class SilentFilter(admin.SimpleListFilter):
    title = _("not heard from for 6 months")
    parameter_name = "silent"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("1", _("yes"))]

    def queryset(
        self, request: HttpRequest, queryset: QuerySet[MobileMembership]
    ) -> QuerySet[MobileMembership]:
        return queryset.filter(MobileMembership.silent_q()) if self.value() == "1" else queryset


@admin.register(MobileMembership)
class MobileMembershipAdmin(ScopedAdmin[MobileMembership]):
    list_display = [
        "member",
        "direction",
        "place",
        "host_organization",
        "certificate_number",
        "started_on",
        "expected_return",
        "last_contact_on",
        "ended_on",
        "silent_flag",
    ]
    list_filter = ["direction", SilentFilter]
    search_fields = ["member__name", "place", "host_organization", "certificate_number"]
    autocomplete_fields = ["member"]
    list_select_related = ["member"]
    actions = ["contact_action", "end_action"]

    def get_readonly_fields(self, request: HttpRequest, obj: MobileMembership | None = None) -> Any:
        return ["member", "direction", "started_on", "ended_on"] if obj is not None else []

    @admin.display(description=_("not heard from for 6 months"), boolean=True)
    def silent_flag(self, obj: MobileMembership) -> bool:
        return obj.is_silent()

    def save_model(
        self,
        request: HttpRequest,
        obj: MobileMembership,
        form: ModelForm[MobileMembership],
        change: bool,
    ) -> None:
        if change:
            obj.full_clean()
            obj.save()
        else:
            mobile_membership_start(record=obj, actor=request.user)

    @admin.action(description=_("Heard from today"), permissions=["change"])
    def contact_action(self, request: HttpRequest, queryset: QuerySet[MobileMembership]) -> None:
        for record in queryset:
            mobile_membership_contact(record=record, on=timezone.localdate(), actor=request.user)

    @admin.action(description=_("Returned today"), permissions=["change"])
    def end_action(self, request: HttpRequest, queryset: QuerySet[MobileMembership]) -> None:
        for record in queryset.filter(ended_on__isnull=True):
            mobile_membership_end(record=record, on=timezone.localdate(), actor=request.user)
