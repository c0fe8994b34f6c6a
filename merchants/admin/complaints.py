"""Admin pages for complaints against shops: the registration form, the verification and
outcome pages, evidence files (served only through a scoped view). Every write goes through
:mod:`merchants.complaints`."""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models.development import validate_document
from merchants import complaints, rules, services
from merchants.models import Complaint, ComplaintEvidence
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.dates import validate_supported_date
from orgs.scope import visible

STEP_LABELS = {
    "verify": rules.COMPLAINT_TRANSITIONS["verify"].label,
    "close": rules.COMPLAINT_TRANSITIONS["close"].label,
    "evidence": _("add an evidence file"),
}


class EvidenceInline(ScopedTabularInline):
    model = ComplaintEvidence
    fields = ("link", "description", "uploaded_at", "uploaded_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("file"))
    def link(self, obj: ComplaintEvidence) -> str:
        url = reverse("admin:merchants_complaint_evidence", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, (obj.file.name or "").rsplit("/", 1)[-1])


class ComplaintStepForm(forms.Form):
    """The inputs of the complaint steps; each page shows only its own fields."""

    on = forms.DateField(
        label=_("date"), widget=AdminDateWidget, validators=[validate_supported_date]
    )
    substantiated = forms.TypedChoiceField(
        label=_("substantiated"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
    )
    finding = forms.CharField(label=_("finding"), widget=forms.Textarea)
    outcome = forms.CharField(label=_("outcome"), widget=forms.Textarea)
    file = forms.FileField(label=_("file"), validators=[validate_document])
    description = forms.CharField(label=_("description"), max_length=200, required=False)

    def __init__(self, *args: Any, inputs: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
        for name in list(self.fields):
            if name not in inputs:
                del self.fields[name]


STEP_INPUTS = {
    "verify": ("on", "substantiated", "finding"),
    "close": ("on", "outcome"),
    "evidence": ("file", "description"),
}


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin[Complaint]):
    list_display = ["shop", "source", "received_on", "status", "substantiated", "verified_on"]
    list_filter = ["status", "source", "substantiated"]
    search_fields = ["shop__name", "shop__account", "summary"]
    autocomplete_fields = ["shop"]
    list_select_related = ["shop"]
    date_hierarchy = "received_on"
    change_form_template = "admin/merchants/complaint/change_form.html"

    def get_inlines(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return [] if obj is None else [EvidenceInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        base = ["shop", "source", "received_on", "summary"]
        if obj is None:
            return base
        return [*base, "status", "substantiated", "verified_on", "finding", "outcome", "closed_on"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Complaint, form: Any, change: bool) -> None:
        complaints.complaint_receive(complaint=obj, actor=request.user)

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Complaint | None = None,
    ) -> HttpResponse:
        if obj is not None:
            steps = complaints.complaint_actions(complaint=obj, actor=request.user)
            if obj.status != Complaint.Status.CLOSED and self._may_add_evidence(request):
                steps.append("evidence")
            context["next_steps"] = [
                (reverse("admin:merchants_complaint_step", args=[obj.pk, step]), STEP_LABELS[step])
                for step in steps
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _may_add_evidence(self, request: HttpRequest) -> bool:
        return request.user.has_perm("merchants.add_complaintevidence")

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/step/<str:step>/", wrap(self.step_view), name="merchants_complaint_step"
            ),
            path(
                "evidence/<int:evidence_id>/",
                wrap(self.evidence_view),
                name="merchants_complaint_evidence",
            ),
            *super().get_urls(),
        ]

    def step_view(self, request: HttpRequest, pk: int, step: str) -> HttpResponse:
        complaint = self.get_object(request, str(pk))
        if complaint is None or step not in STEP_INPUTS:
            raise Http404
        if step == "evidence":
            allowed = self._may_add_evidence(request)
        else:
            rule = rules.COMPLAINT_TRANSITIONS[step]
            allowed = bool(
                rules.COMPLAINT_PARTY_ROLES[rule.party] & services.workflow_roles(request.user)
            )
        if not allowed:
            raise PermissionDenied
        form = ComplaintStepForm(
            request.POST or None, request.FILES or None, inputs=STEP_INPUTS[step]
        )
        if request.method == "POST" and form.is_valid():
            try:
                if step == "evidence":
                    complaints.evidence_add(
                        complaint=complaint, actor=request.user, **form.cleaned_data
                    )
                else:
                    service, _inputs = complaints.COMPLAINT_STEPS[step]
                    service(complaint=complaint, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request, gettext("Done: %(action)s.") % {"action": STEP_LABELS[step]}
                )
                return HttpResponseRedirect(
                    reverse("admin:merchants_complaint_change", args=[complaint.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"{complaint} · {STEP_LABELS[step]}",
            "form": form,
            "original": complaint,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/merchants/action_form.html", context)

    def evidence_view(self, request: HttpRequest, evidence_id: int) -> FileResponse:
        """Sends one evidence file to a user who may see its complaint; uploads are never
        served from a public media URL."""
        evidence = (
            visible(ComplaintEvidence.objects.all(), request.user).filter(pk=evidence_id).first()
        )
        if evidence is None or not self.has_view_permission(request, None):
            raise Http404
        response = FileResponse(evidence.file.open("rb"), as_attachment=False)
        disposition = content_disposition_header(
            as_attachment=False, filename=(evidence.file.name or "").rsplit("/", 1)[-1]
        )
        if disposition is not None:
            response["Content-Disposition"] = disposition
        return response
