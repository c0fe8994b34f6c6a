"""Admin pages of the party roster: the member list and form with the member's timeline, the
reveal of personal data, the masked and audited export, and the action that transfers members
to another branch (the import pages come from :mod:`members.admin.imports`)."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms import ModelForm
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import smart_split, unescape_string_literal
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from members import resources, vocab
from members.admin.imports import RosterImportMixin
from members.dues_services import dues_status
from members.forms import MemberForm
from members.models import Member, MobileMembership, Transfer
from members.models.roster import MEMBER_NUMBER_RE, normalize_member_number
from members.services import member_change_status, member_reveal, member_save
from members.transfers import member_transfer_internal
from orgs import crypto
from orgs.admin_base import ScopedAdmin
from orgs.admin_lists import OrganizationTreeFilter
from orgs.audit.display import object_history
from orgs.filtersets import indexed_text_q
from orgs.identifiers import normalize_id_number, normalize_mobile
from orgs.models import Organization
from orgs.scope import visible


class RosterFlagFilter(admin.SimpleListFilter):
    """The roster's warning flags: lost contact, a transfer awaiting its receipt, a mobile
    member not heard from for 6 months."""

    title = _("flags")
    parameter_name = "flag"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [
            ("lost_contact", _("lost contact")),
            ("in_transit", _("transfer awaiting receipt")),
            ("silent", _("mobile member not heard from for 6 months")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Member]) -> QuerySet[Member]:
        if self.value() == "lost_contact":
            return queryset.filter(lost_contact=True)
        if self.value() == "in_transit":
            return queryset.filter(
                pk__in=Transfer.objects.filter(state=Transfer.State.ISSUED).values("member_id")
            )
        if self.value() == "silent":
            return queryset.filter(
                pk__in=MobileMembership.objects.filter(MobileMembership.silent_q()).values(
                    "member_id"
                )
            )
        return queryset


class TransferForm(forms.Form):
    to_branch = forms.ModelChoiceField(
        label=_("receiving branch"), queryset=Organization.objects.none()
    )
    on = forms.DateField(label=_("date"), initial=timezone.localdate)


@admin.register(Member)
class MemberAdmin(RosterImportMixin, ScopedAdmin[Member]):
    form = MemberForm
    resource_classes = [resources.MemberResource]
    formats = [XLSX, CSV]
    export_form_class = ExportForm
    change_form_template = "members/member_change_form.html"
    actions = ["transfer_action"]
    list_display = [
        "name",
        "gender",
        "id_number_masked",
        "branch",
        "category",
        "status",
        "occupation",
        "admission_date",
        "mobile_masked",
    ]
    list_filter = [
        "status",
        "category",
        RosterFlagFilter,
        "occupation",
        "education",
        "gender",
        OrganizationTreeFilter,
    ]
    search_fields = ["name", "workplace_name"]
    search_help_text = _(
        "Name or workplace (from the start; anywhere from 3 characters on); a member number, a "
        "full ID number or a full mobile finds its member; everyday names of choices (本科, 大专, "
        "女, 预备…) find the members with that choice."
    )
    autocomplete_fields = ["branch", "workplace"]
    list_select_related = ["branch"]
    readonly_fields = [
        "member_number",
        "id_number_display",
        "dues_standard_display",
        "dues_paid_to_display",
        "created_at",
        "updated_at",
    ]
    _can_reveal = False
    # By name, on its index: the model's order (branch path, name) sorts the whole roster.
    ordering = ["name"]
    fieldsets = [
        (
            _("Basic data"),
            {
                "fields": [
                    ("member_number", "name"),
                    ("gender", "ethnicity"),
                    ("id_number_display", "id_number", "birth_date"),
                    ("mobile", "native_place"),
                    ("education", "degree"),
                    "occupation",
                    ("workplace_name", "workplace"),
                    "address",
                ]
            },
        ),
        (
            _("Party data"),
            {
                "fields": [
                    "branch",
                    ("category", "status", "source"),
                    ("admission_date", "full_membership_date"),
                    ("party_posts", "lost_contact", "discipline_until"),
                    ("dues_standard_display", "dues_paid_to_display"),
                ]
            },
        ),
    ]

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/reveal/", view(self.reveal_view), name="members_member_reveal"),
            *super().get_urls(),
        ]

    # --- export: masked unless revealable, neutralised, audited, streamed ---------------------

    def get_export_resource_kwargs(self, request: HttpRequest, **kwargs: Any) -> dict[str, Any]:
        return {"reveal": request.user.has_perm("members.reveal_personal_data")}

    def _do_file_export(
        self, file_format: Any, request: HttpRequest, queryset: QuerySet[Member], **kwargs: Any
    ) -> HttpResponse:
        reveal = request.user.has_perm("members.reveal_personal_data")
        extension = file_format.get_extension()
        resources.export_record(queryset=queryset, file_format=extension, reveal=reveal)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        if extension == "csv":
            response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
                resources.csv_lines(queryset, reveal=reveal), content_type="text/csv"
            )
        else:
            response = HttpResponse(
                resources.xlsx_bytes(queryset, reveal=reveal),
                content_type=file_format.get_content_type(),
            )
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.{extension}"'
        return response  # type: ignore[return-value]

    # --- transfers and the timeline -------------------------------------------------------------

    @admin.action(description=_("Transfer to another branch"), permissions=["change"])
    def transfer_action(
        self, request: HttpRequest, queryset: QuerySet[Member]
    ) -> TemplateResponse | None:
        form = TransferForm(request.POST if "apply" in request.POST else None)
        branches = visible(Organization.objects.all(), request.user)
        form.fields["to_branch"].queryset = branches  # type: ignore[attr-defined]
        if form.is_valid():
            moved = 0
            for member in queryset:
                try:
                    member_transfer_internal(
                        member=member,
                        to_branch=form.cleaned_data["to_branch"],
                        on=form.cleaned_data["on"],
                        actor=request.user,
                    )
                    moved += 1
                except ValidationError as error:
                    messages.error(request, f"{member}: {' '.join(error.messages)}")
            if moved:
                messages.success(
                    request, gettext("%(n)d members transferred; awaiting receipt.") % {"n": moved}
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Transfer to another branch"),
            "opts": self.opts,
            "form": form,
            "members": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "members/transfer_action.html", context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        member = self.get_object(request, object_id)
        if member is not None:
            timeline = self._timeline(member, request.user)
            extra_context = {**(extra_context or {}), "timeline": timeline}
        return super().change_view(request, object_id, form_url, extra_context)

    def _timeline(self, member: Member, user: Any) -> dict[str, Any]:
        return {
            "status_changes": member.status_changes.select_related("actor")[:50],
            "transfers": member.transfers.select_related("from_branch", "to_branch")[:50],
            "mobile_records": member.mobile_records.all()[:50],
            "audit_entries": object_history(member, user),
        }

    def reveal_view(self, request: HttpRequest, object_id: str) -> TemplateResponse:
        """Shows one member's full ID number and phone to a user holding the reveal permission;
        every reveal is audited."""
        if not request.user.has_perm("members.reveal_personal_data"):
            raise PermissionDenied
        member = self.get_object(request, object_id)
        if member is None:
            raise Http404
        revealed = member_reveal(member=member, actor=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Personal data of %(name)s") % {"name": member.name},
            "member": member,
            "revealed": revealed,
            "opts": self.opts,
        }
        return TemplateResponse(request, "members/reveal.html", context)

    @admin.display(description=_("ID number"))
    def id_number_display(self, obj: Member) -> str:
        if not obj.pk:
            return "-"
        if not self._can_reveal:
            return obj.id_number_masked
        url = reverse("admin:members_member_reveal", args=[obj.pk])
        return format_html('{} <a href="{}">{}</a>', obj.id_number_masked, url, _("reveal"))

    @admin.display(description=_("monthly dues (yuan)"))
    def dues_standard_display(self, obj: Member) -> Any:
        if not obj.pk:
            return "-"
        status = dues_status(obj)
        if status.standard is None:
            return "-"
        url = reverse("admin:members_duesstandard_changelist") + f"?member__id__exact={obj.pk}"
        return format_html('{} <a href="{}">{}</a>', status.standard, url, _("history"))

    @admin.display(description=_("dues paid up to (month)"))
    def dues_paid_to_display(self, obj: Member) -> Any:
        if not obj.pk:
            return "-"
        status = dues_status(obj)
        if status.paid_up_to is None:
            return "-"
        text = f"{status.paid_up_to:%Y-%m}"
        if status.level:
            text = f"{text}（{status.level.label}）"
        url = reverse("admin:members_duespayment_changelist") + f"?member__id__exact={obj.pk}"
        return format_html('{} <a href="{}">{}</a>', text, url, _("payments"))

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> Any:
        self._can_reveal = request.user.has_perm("members.reveal_personal_data")
        return super().get_readonly_fields(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        """A full ID number or mobile in the search box finds its member through the blind
        index, a member number its member; otherwise every word must match the name, the
        workplace (from their start, anywhere from 3 characters on:
        :func:`orgs.filtersets.indexed_text_q`) or (through :mod:`members.vocab`) a choice
        (``本科 女``: female members with a bachelor's education)."""
        if not search_term.strip():
            return queryset, False
        try:
            number = normalize_id_number(search_term)
        except ValidationError:
            pass
        else:
            return queryset.filter(id_number_hash=Member.hash_id_number(number)), False
        try:
            mobile = normalize_mobile(search_term)
        except ValidationError:
            pass
        else:
            return queryset.filter(mobile_hash=crypto.blind_index(mobile)), False
        member_number = normalize_member_number(search_term)
        if MEMBER_NUMBER_RE.match(member_number):
            return queryset.filter(member_number=member_number), False
        for term in smart_split(search_term):
            if term.startswith(('"', "'")) and term[0] == term[-1]:
                term = unescape_string_literal(term)
            matches = indexed_text_q("name", term) | indexed_text_q("workplace_name", term)
            for field, code in vocab.choices_named(term).items():
                matches |= Q(**{field: code})
            queryset = queryset.filter(matches)
        return queryset, False

    def save_model(
        self, request: HttpRequest, obj: Member, form: ModelForm[Member], change: bool
    ) -> None:
        """A status changed in the form is recorded on the member's timeline."""
        if change and "status" in form.changed_data:
            new_status = obj.status
            obj.status = form.initial["status"]
            member_save(member=obj, actor=request.user)
            member_change_status(
                member=obj,
                to_status=new_status,
                on=timezone.localdate(),
                reason=gettext("Changed on the member form"),
                actor=request.user,
            )
            return
        member_save(member=obj, actor=request.user)
