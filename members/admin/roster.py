"""Admin pages for the party roster."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm

from members import imports, resources, rules
from members.development import (
    application_record_step,
    application_save,
    application_submit,
    pipeline,
    step_one_blocks,
)
from members.forms import MemberForm
from members.models import (
    Application,
    DocumentKind,
    ImportJob,
    Member,
    MobileMembership,
    RuleSet,
    StepDocument,
    StepRecord,
    Transfer,
)
from members.services import member_change_status, member_reveal, member_save
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
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.identifiers import normalize_id_number
from orgs.models import AuditEntry, Organization
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


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("roster file (.xlsx or .csv)"))
    default_branch = forms.ModelChoiceField(
        label=_("default branch"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("Used for rows that name no party organization."),
    )


class TransferForm(forms.Form):
    to_branch = forms.ModelChoiceField(
        label=_("receiving branch"), queryset=Organization.objects.none()
    )
    on = forms.DateField(label=_("date"), initial=timezone.localdate)


@admin.register(Member)
class MemberAdmin(ImportExportMixin, ScopedAdmin[Member]):
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
        "branch",
    ]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "workplace"]
    list_select_related = ["branch"]
    readonly_fields = ["id_number_display", "created_at", "updated_at"]
    _can_reveal = False
    date_hierarchy = "admission_date"
    fieldsets = [
        (
            _("Basic data"),
            {
                "fields": [
                    ("name", "gender", "ethnicity"),
                    ("id_number_display", "id_number", "birth_date"),
                    ("mobile", "native_place"),
                    ("education", "degree"),
                    ("occupation", "workplace"),
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
                    ("dues_standard", "dues_paid_to"),
                ]
            },
        ),
    ]

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<path:object_id>/reveal/", view(self.reveal_view), name="members_member_reveal"),
            path(
                "import/template/",
                view(self.import_template_view),
                name="members_member_import_template",
            ),
            path(
                "import/<int:job_id>/",
                view(self.import_job_view),
                name="members_member_import_job",
            ),
            *super().get_urls(),
        ]

    # --- import: our all-or-nothing service instead of django-import-export's row loop -------

    def import_action(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        """Upload a roster: the file is validated (in Celery when large) and previewed; nothing
        is written until the user confirms on the job page."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = ImportUploadForm(request.POST or None, request.FILES or None)
        branches = visible(Organization.objects.all(), request.user)
        form.fields["default_branch"].queryset = branches  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            try:
                job = imports.import_job_create(
                    upload=form.cleaned_data["file"],
                    actor=request.user,
                    default_branch=form.cleaned_data["default_branch"],
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return HttpResponseRedirect(
                    reverse("admin:members_member_import_job", args=[job.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import party members"),
            "opts": self.opts,
            "form": form,
            "headers": resources.HEADERS,
            "jobs": visible(ImportJob.objects.all(), request.user)[:10],
        }
        return TemplateResponse(request, "members/import.html", context)

    def process_import(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        raise Http404

    def import_job_view(self, request: HttpRequest, job_id: int) -> HttpResponse:
        """A job's progress, preview (with the confirm button) or result."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        job = visible(ImportJob.objects.all(), request.user).filter(pk=job_id).first()
        if job is None:
            raise Http404
        if request.method == "POST" and "confirm" in request.POST:
            try:
                imports.import_job_confirm(job=job, actor=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.path)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import: %(file)s") % {"file": job.original_name},
            "opts": self.opts,
            "job": job,
            "report": imports.format_report(job.report[:1000]),
            "report_truncated": len(job.report) > 1000,
        }
        return TemplateResponse(request, "members/import_job.html", context)

    def import_template_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_import_permission(request):
            raise PermissionDenied
        response = HttpResponse(
            resources.template_bytes(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="roster-template.xlsx"'
        return response

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
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "members/transfer_action.html", context)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        member = self.get_object(request, object_id)
        if member is not None:
            extra_context = {**(extra_context or {}), "timeline": self._timeline(member)}
        return super().change_view(request, object_id, form_url, extra_context)

    def _timeline(self, member: Member) -> dict[str, Any]:
        content_type = ContentType.objects.get_for_model(Member)
        return {
            "status_changes": member.status_changes.select_related("actor")[:50],
            "transfers": member.transfers.select_related("from_branch", "to_branch")[:50],
            "mobile_records": member.mobile_records.all()[:50],
            "audit_entries": AuditEntry.objects.filter(
                content_type=content_type, object_id=str(member.pk)
            )[:50],
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

    def get_readonly_fields(self, request: HttpRequest, obj: Member | None = None) -> Any:
        self._can_reveal = request.user.has_perm("members.reveal_personal_data")
        return super().get_readonly_fields(request, obj)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Member], search_term: str
    ) -> tuple[QuerySet[Member], bool]:
        """A full ID number in the search box finds its member through the blind index."""
        try:
            number = normalize_id_number(search_term)
        except ValidationError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(id_number_hash=Member.hash_id_number(number)), False

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


# --- transfers, mobile members and import jobs -----------------------------------------------


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


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin[ImportJob]):
    """The user's own import jobs; each opens its progress or result page."""

    list_display = [
        "job_link",
        "status",
        "total_rows",
        "created_count",
        "updated_count",
        "error_count",
        "created_at",
    ]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("file name"))
    def job_link(self, obj: ImportJob) -> str:
        url = reverse("admin:members_member_import_job", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.original_name)


# --- membership development -------------------------------------------------------------------


class DueStateFilter(admin.SimpleListFilter):
    """Open applications whose nearest deadline is within 30 days, or already past."""

    title = _("deadline")
    parameter_name = "deadline"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("due", _("due within 30 days")), ("overdue", _("overdue"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        today = timezone.localdate()
        open_ = queryset.filter(outcome=Application.Outcome.OPEN)
        if self.value() == "due":
            window = today + datetime.timedelta(days=rules.DUE_WINDOW_DAYS)
            return open_.filter(due_on__gte=today, due_on__lte=window)
        if self.value() == "overdue":
            return open_.filter(due_on__lt=today)
        return queryset


class ApplicationAddForm(forms.ModelForm):  # type: ignore[type-arg]
    """Opening an application is recording its step 1: the identity, the application date and
    the applicant's signed letter."""

    id_number = forms.CharField(label=_("ID number"), max_length=30)
    applied_on = forms.DateField(label=_("application date"), widget=AdminDateWidget)
    letter = forms.FileField(label=_("signed application letter"))

    class Meta:
        model = Application
        fields = ["name", "gender", "birth_date", "branch", "workplace", "rule_set"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_set"].required = False
        self.fields["rule_set"].help_text = _(
            "Empty: the rule set in force on the application date."
        )

    def clean_id_number(self) -> str:
        return normalize_id_number(self.cleaned_data["id_number"])

    def _post_clean(self) -> None:
        if "id_number" in self.cleaned_data:
            self.instance.id_number = self.cleaned_data["id_number"]
        super()._post_clean()
        if self.errors or "applied_on" not in self.cleaned_data:
            return
        found = step_one_blocks(
            application=self.instance,
            on=self.cleaned_data["applied_on"],
            actor=self.actor,
            documents=[self.cleaned_data["letter"]],
        )
        for block in found:
            self.add_error(None, block.message)


class RecordStepForm(forms.Form):
    """The inputs of any step; the service says which ones the chosen step needs."""

    step = forms.TypedChoiceField(label=_("step"), coerce=int)
    on = forms.DateField(label=_("date"), widget=AdminDateWidget)
    note = forms.CharField(
        label=_("note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    document_kind = forms.ChoiceField(
        label=_("document"), choices=DocumentKind.choices, required=False
    )
    document = forms.FileField(label=_("file"), required=False)
    contacts = forms.ModelMultipleChoiceField(
        label=_("cultivation contacts"), queryset=Member.objects.none(), required=False
    )
    introducers = forms.ModelMultipleChoiceField(
        label=_("introducers"), queryset=Member.objects.none(), required=False
    )
    political_review_result = forms.ChoiceField(
        label=_("political review result"),
        choices=[("", "---------"), *Application.Review.choices],
        required=False,
    )
    training_days = forms.IntegerField(label=_("training days"), min_value=0, required=False)
    training_hours = forms.IntegerField(
        label=_("training class hours"), min_value=0, required=False
    )
    notice_start = forms.DateField(
        label=_("public notice from"), widget=AdminDateWidget, required=False
    )
    notice_end = forms.DateField(
        label=_("public notice until"), widget=AdminDateWidget, required=False
    )
    vote_entitled = forms.IntegerField(
        label=_("members entitled to vote"), min_value=0, required=False
    )
    vote_present = forms.IntegerField(
        label=_("entitled members present"), min_value=0, required=False
    )
    vote_for = forms.IntegerField(label=_("votes for"), min_value=0, required=False)
    vote_against = forms.IntegerField(label=_("votes against"), min_value=0, required=False)
    vote_abstain = forms.IntegerField(label=_("abstentions"), min_value=0, required=False)
    conversion_outcome = forms.ChoiceField(
        label=_("decision on conversion"),
        choices=[("", "---------"), *StepRecord.ConversionOutcome.choices],
        required=False,
    )
    extension_months = forms.IntegerField(
        label=_("extension (months)"), min_value=0, required=False
    )

    def __init__(self, *args: Any, allowed: list[int], members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(n, rules.step_label(n)) for n in allowed]  # type: ignore[attr-defined]
        self.fields["contacts"].queryset = members  # type: ignore[attr-defined]
        self.fields["introducers"].queryset = members  # type: ignore[attr-defined]

    def service_arguments(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "", [])}
        upload = data.pop("document", None)
        kind = data.pop("document_kind", None)
        if upload is not None:
            data["documents"] = [(kind or DocumentKind.OTHER, upload)]
        for name in ("contacts", "introducers"):
            if name in data:
                data[name] = list(data[name])
        return data


class StepRecordInline(ScopedTabularInline):
    model = StepRecord
    fields = ["step_name", "on", "recorded_by", "note", "details", "document_links"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("recorded_by")
            .prefetch_related("documents")
        )

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("documents"))
    def document_links(self, obj: StepRecord) -> str:
        """The documents attached, and the handbook's forms of the step still missing."""
        present = {d.kind for d in obj.documents.all()}
        links = format_html_join(
            " ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse("admin:members_application_document", args=[d.pk]),
                    d.get_kind_display(),
                )
                for d in obj.documents.all()
            ),
        )
        missing = [
            str(DocumentKind(kind).label)
            for kind in rules.STEPS[obj.step].documents
            if kind not in present
        ]
        if not missing:
            return links or "—"
        return format_html(
            '{} <span class="errornote">{}: {}</span>', links, _("missing"), "、".join(missing)
        )

    @admin.display(description=_("step"))
    def step_name(self, obj: StepRecord) -> str:
        return rules.step_label(obj.step)

    @admin.display(description=_("details"))
    def details(self, obj: StepRecord) -> str:
        parts = []
        if obj.notice_start:
            parts.append(f"{obj.notice_start:%Y-%m-%d}–{obj.notice_end:%Y-%m-%d}")
        if obj.vote_entitled is not None:
            parts.append(
                f"{obj.vote_for}/{obj.vote_against}/{obj.vote_abstain} "
                f"({obj.vote_present}/{obj.vote_entitled})"
            )
        if obj.conversion_outcome:
            parts.append(str(obj.get_conversion_outcome_display()))
        return " · ".join(parts) or "—"


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin[Application]):
    list_display = [
        "name",
        "id_number_masked",
        "branch",
        "stage",
        "next_step_label",
        "due_on",
        "overdue",
        "outcome",
    ]
    list_filter = ["stage", DueStateFilter, "outcome", "branch"]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "workplace"]
    list_select_related = ["branch"]
    inlines = [StepRecordInline]
    change_list_template = "admin/members/application/change_list.html"
    _actor: Any = None
    derived = [
        "next_step_panel",
        "id_number_masked",
        "stage",
        "outcome",
        "member",
        "rule_set",
        "contact_1",
        "contact_2",
        "introducer_1",
        "introducer_2",
        "political_review_result",
        "political_review_date",
        "training_days",
        "training_hours",
    ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kw: Any
    ) -> Any:
        if obj is None:
            kw["form"] = ApplicationAddForm
        form = super().get_form(request, obj, change=change, **kw)
        form.actor = request.user
        return form

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ["name", "gender", "birth_date", "id_number", "branch", "workplace",
                    "rule_set", "applied_on", "letter"]  # fmt: skip
        return ["name", "gender", "birth_date", "branch", "workplace", *self.derived]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        self._actor = request.user
        if obj is None:
            return []
        return ["gender", "birth_date", "branch", *self.derived]

    def get_inline_instances(self, request: HttpRequest, obj: Any = None) -> Any:
        return super().get_inline_instances(request, obj) if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Application, form: Any, change: bool) -> None:
        if change:
            application_save(application=obj, actor=request.user)
            return
        application_submit(
            application=obj,
            on=form.cleaned_data["applied_on"],
            actor=request.user,
            documents=[(DocumentKind.APPLICATION_LETTER, form.cleaned_data["letter"])],
        )

    @admin.display(description=_("next step"), ordering="next_step")
    def next_step_label(self, obj: Application) -> str:
        return rules.step_label(obj.next_step)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj: Application) -> bool:
        return obj.outcome == Application.Outcome.OPEN and (
            rules.deadline_state(obj.due_on) == "overdue"
        )

    @admin.display(description=_("next step"))
    def next_step_panel(self, obj: Application) -> str:
        if obj.next_step is None:
            return "—"
        url = reverse("admin:members_application_record_step", args=[obj.pk])
        blockers = rules.blocks(
            application=obj,
            records=list(obj.steps.all()),
            step=obj.next_step,
            on=timezone.localdate(),
            actor=self._actor,
            details={},
            timing_only=True,
        )
        due = "—"
        if obj.due_on:
            due = f"{rules.step_label(obj.due_step)} · {obj.due_on:%Y-%m-%d}"
        items = format_html_join("", "<li>{}</li>", ((b.message,) for b in blockers))
        return format_html(
            '<p><strong>{}</strong></p><p>{}: {}</p><ul class="errorlist">{}</ul>'
            '<p><a class="button" href="{}">{}</a></p>',
            rules.step_label(obj.next_step),
            _("due"),
            due,
            items,
            url,
            _("Record a step"),
        )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("pipeline/", wrap(self.pipeline_view), name="members_application_pipeline"),
            path(
                "document/<int:document_id>/",
                wrap(self.document_view),
                name="members_application_document",
            ),
            path(
                "<path:object_id>/record-step/",
                wrap(self.record_step_view),
                name="members_application_record_step",
            ),
            *super().get_urls(),
        ]

    def document_view(self, request: HttpRequest, document_id: int) -> FileResponse:
        """Sends one attached document to a user who may see its application; uploads are
        never served from a public media URL."""
        document = visible(StepDocument.objects.all(), request.user).filter(pk=document_id).first()
        if document is None or not self.has_view_permission(request, None):
            raise Http404
        response = FileResponse(document.file.open("rb"), as_attachment=False)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=False, filename=document.file.name.rsplit("/", 1)[-1]
        )
        return response

    def record_step_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """One form for every step; the service decides, and its refusal is shown as is."""
        application = self.get_object(request, object_id)
        if application is None:
            raise Http404
        if not self.has_change_permission(request, application):
            raise PermissionDenied
        history = rules.History(list(application.steps.all()))
        members = visible(Member.objects.all(), request.user).filter(category=Member.Category.FULL)
        form = RecordStepForm(
            request.POST or None,
            request.FILES or None,
            allowed=rules.allowed_steps(history),
            members=members,
        )
        if request.method == "POST" and form.is_valid():
            try:
                application_record_step(
                    application=application, actor=request.user, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("The step is recorded."))
                return HttpResponseRedirect(
                    reverse("admin:members_application_change", args=[application.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Record a step"),
            "form": form,
            "original": application,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/members/application/record_step.html", context)

    def pipeline_view(self, request: HttpRequest) -> HttpResponse:
        """Per branch in the user's scope: open applications per stage, due and overdue."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Development pipeline"),
            "stages": Application.Stage.labels,
            "rows": pipeline(self.get_queryset(request)),
        }
        return TemplateResponse(request, "admin/members/application/pipeline.html", context)


@admin.register(RuleSet)
class RuleSetAdmin(ScopedAdmin[RuleSet]):
    """The versions of the development rules; changed by data migration, read here."""

    list_display = ["code", "name", "effective_from", "notice_before_admission"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
