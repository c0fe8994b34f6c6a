"""Admin pages of membership development: applications with their timeline of steps, the
form that records a step (and the pages that correct or void the last one,
:mod:`members.admin.development_steps`), attached documents, the pipeline per branch, and the
rule sets."""

import datetime
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import rules
from members.admin.development_forms import ApplicationAddForm
from members.admin.development_steps import StepPagesMixin
from members.development import (
    application_save,
    application_submit,
)
from members.development_corrections import may_amend
from members.development_digest import pipeline
from members.models import Application, DocumentKind, RuleSet, StepDocument, StepRecord
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.admin_display import OK, deadline_badge, truncated
from orgs.admin_lists import OrganizationTreeFilter
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


class StepRecordInline(ScopedTabularInline):
    model = StepRecord
    fields = ("step_name", "on", "recorded_by", "note", "details", "document_links", "amendment")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return (
            super()
            .get_queryset(request)
            .select_related("recorded_by", "voided_by", "corrects")
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
        if obj.vote_roster is not None:
            parts.append(
                gettext("%(count)s full members on the roster") % {"count": obj.vote_roster}
            )
        if obj.vote_entitled_reason:
            parts.append(obj.vote_entitled_reason)
        if obj.conversion_outcome:
            parts.append(str(obj.get_conversion_outcome_display()))
        if obj.training_days or obj.training_hours:
            parts.append(
                gettext("%(days)s days, %(hours)s class hours")
                % {"days": obj.training_days or 0, "hours": obj.training_hours or 0}
            )
        if obj.political_review_result:
            parts.append(str(obj.get_political_review_result_display()))
        return " · ".join(parts) or "—"

    @admin.display(description=_("correction"))
    def amendment(self, obj: StepRecord) -> str:
        """A voided record says who voided it, when and why; a correction names the record it
        replaced."""
        if obj.voided_at is not None:
            return format_html(
                '<span class="errornote">{}</span>',
                gettext("Voided on %(date)s by %(user)s: %(reason)s")
                % {
                    "date": f"{timezone.localtime(obj.voided_at):%Y-%m-%d %H:%M}",
                    "user": obj.voided_by.get_username() if obj.voided_by else "—",
                    "reason": obj.void_reason,
                },
            )
        if obj.corrects is not None:
            return gettext("Corrects the record of %(date)s") % {
                "date": f"{obj.corrects.on:%Y-%m-%d}"
            }
        return "—"


@admin.register(Application)
class ApplicationAdmin(StepPagesMixin, ScopedAdmin[Application]):
    list_display = [
        "name",
        "id_number_masked",
        "branch_name",
        "rule_set_label",
        "stage",
        "next_step_label",
        "deadline",
        "outcome",
    ]
    list_filter = ["stage", DueStateFilter, "outcome", OrganizationTreeFilter]
    search_fields = ["name"]
    autocomplete_fields = ["branch", "workplace"]
    list_select_related = ["branch", "rule_set"]
    # By name, on its index: the model's order (branch path, name) sorts every application.
    ordering = ["name", "id"]
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
        "rule_set_note",
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
        return truncated(rules.step_label(obj.next_step), 9)

    @admin.display(description=_("branch"), ordering="branch__name")
    def branch_name(self, obj: Application) -> str:
        return truncated(obj.branch, 9)

    @admin.display(description=_("deadline"), ordering="due_on")
    def deadline(self, obj: Application) -> str:
        """The nearest deadline and its state in words; a dash once the file is closed."""
        if obj.outcome != Application.Outcome.OPEN:
            return "—"
        if obj.due_on is None:
            return str(deadline_badge(OK))
        return format_html(
            "{} {}", f"{obj.due_on:%Y-%m-%d}", deadline_badge(rules.deadline_state(obj.due_on))
        )

    @admin.display(description=_("next step"))
    def next_step_panel(self, obj: Application) -> str:
        """The next step with what still blocks it today, and the last step with the links
        that correct or void it (for its recorder and committee staff)."""
        records = rules.History(list(obj.steps.in_force())).records
        parts = [self._next_step(obj, records), self._training_so_far(obj)]
        last = records[-1] if records else None
        if last is not None and may_amend(last, self._actor):
            args = [obj.pk, last.pk]
            parts.append(
                format_html(
                    '<p>{}: {} · {} <a class="button" href="{}">{}</a> '
                    '<a class="button" href="{}">{}</a></p>',
                    _("last step"),
                    rules.step_label(last.step),
                    f"{last.on:%Y-%m-%d}",
                    reverse("admin:members_application_correct_step", args=args),
                    _("Correct"),
                    reverse("admin:members_application_void_step", args=args),
                    _("Void"),
                )
            )
        return format_html_join("", "{}", ((part,) for part in parts if part)) or "—"

    def _next_step(self, obj: Application, records: list[StepRecord]) -> str:
        if obj.next_step is None:
            return ""
        blockers = rules.blocks(
            application=obj,
            records=records,
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
            reverse("admin:members_application_record_step", args=[obj.pk]),
            _("Record a step"),
        )

    def _training_so_far(self, obj: Application) -> str:
        if obj.next_step != 11 or obj.training_days is None:
            return ""
        return format_html(
            "<p>{}</p>",
            gettext(
                "Training recorded so far: %(days)s days, %(hours)s class hours (at least "
                "%(min_days)s days or %(min_hours)s class hours)."
            )
            % {
                "days": obj.training_days,
                "hours": obj.training_hours or 0,
                "min_days": obj.rule_set.training_min_days,
                "min_hours": obj.rule_set.training_min_hours,
            },
        )

    @admin.display(description=_("rule set"), ordering="rule_set__code")
    def rule_set_label(self, obj: Application) -> str:
        """The version of the rules the application follows, flagged while its text is
        unconfirmed."""
        if obj.rule_set.text_confirmed:
            return obj.rule_set.code
        return format_html(
            '{} <span class="help">{}</span>', obj.rule_set.code, _("(text unconfirmed)")
        )

    @admin.display(description=_("version note"))
    def rule_set_note(self, obj: Application) -> str:
        return format_html(
            '<div style="white-space: pre-line">{}</div>', obj.rule_set.version_note or "—"
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
            *self.step_urls(),
            *super().get_urls(),
        ]

    def document_view(self, request: HttpRequest, document_id: int) -> FileResponse:
        """Sends one attached document to a user who may see its application; uploads are
        never served from a public media URL."""
        document = visible(StepDocument.objects.all(), request.user).filter(pk=document_id).first()
        if document is None or not self.has_view_permission(request, None):
            raise Http404
        response = FileResponse(document.file.open("rb"), as_attachment=False)
        name = document.file.name or ""  # an open file has its name
        disposition = content_disposition_header(
            as_attachment=False, filename=name.rsplit("/", 1)[-1]
        )
        if disposition is not None:
            response["Content-Disposition"] = disposition
        return response

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

    list_display = ["code", "name", "effective_from", "notice_before_admission", "text_confirmed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
