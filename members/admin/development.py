"""Admin pages of membership development: applications with their timeline of steps, the
form that records a step, attached documents, the pipeline per branch, and the rule sets."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import rules
from members.development import (
    application_record_step,
    application_save,
    application_submit,
    pipeline,
    step_one_blocks,
)
from members.models import Application, DocumentKind, Member, RuleSet, StepDocument, StepRecord
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.identifiers import normalize_id_number
from orgs.scope import visible


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
