"""Admin pages for officers, assignments, visits, enterprise cases and joint meetings.

The pages are thin: every change of a case, a reassignment, a supervision note or a completed
decision goes through :mod:`liaison.services`, and the fields those services own are read-only.
"""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison import rules, selectors, services
from liaison.models import (
    Assignment,
    Case,
    CaseEvent,
    Decision,
    JointMeeting,
    Officer,
    SupervisionNote,
    Visit,
)
from orgs.admin_base import ScopedAdmin, ScopedStackedInline, ScopedTabularInline
from orgs.scope import visible


def _current_officer(request: HttpRequest) -> Officer | None:
    return Officer.objects.filter(user_id=request.user.pk).first()


class AssignmentInline(ScopedTabularInline):
    model = Assignment
    autocomplete_fields = ["enterprise", "park"]
    extra = 0


@admin.register(Officer)
class OfficerAdmin(ScopedAdmin[Officer]):
    list_display = ["name", "role", "unit", "phone", "user"]
    list_filter = ["role"]
    search_fields = ["name", "unit", "user__username"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    inlines = [AssignmentInline]


# --- assignments ------------------------------------------------------------------------------


class VisitDueFilter(admin.SimpleListFilter):
    """Current enterprise assignments whose enterprise has had no visit within the visit period
    (``DANGJIAN_VISIT_PERIOD_DAYS``)."""

    title = _("visit")
    parameter_name = "visit_due"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("visit overdue")), ("no", _("visited recently"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        cutoff = selectors.visit_cutoff()
        current = queryset.filter(
            pk__in=selectors.current_assignments().values("pk"), enterprise__isnull=False
        )
        late = Q(last_visited_on__isnull=True) | Q(last_visited_on__lt=cutoff)
        if self.value() == "yes":
            return current.filter(late)
        if self.value() == "no":
            return current.exclude(late)
        return queryset


class ReassignForm(forms.Form):
    to_officer = forms.ModelChoiceField(queryset=Officer.objects.none(), label=_("new officer"))
    on = forms.DateField(label=_("from"), initial=timezone.localdate)


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin[Assignment]):
    list_display = [
        "officer",
        "enterprise",
        "park",
        "starts_on",
        "ends_on",
        "last_visited_on",
        "reassign_link",
    ]
    list_filter = [VisitDueFilter, "officer__role"]
    search_fields = ["officer__name", "enterprise__name", "park__name"]
    autocomplete_fields = ["officer", "enterprise", "park"]
    list_select_related = ["officer", "enterprise", "park"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Assignment]:
        return (
            super().get_queryset(request).annotate(last_visited_on=selectors.last_visit_subquery())
        )

    @admin.display(description=_("last visited on"), ordering="last_visited_on")
    def last_visited_on(self, obj: Any) -> Any:
        if obj.enterprise_id is None:
            return "—"
        if obj.last_visited_on is None:
            return gettext("never")
        return obj.last_visited_on

    @admin.display(description=_("reassign"))
    def reassign_link(self, obj: Assignment) -> str:
        if obj.enterprise_id is None or obj.ends_on is not None:
            return ""
        url = reverse("admin:liaison_assignment_reassign", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("reassign"))

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.reassign_view)
        return [
            path("<int:pk>/reassign/", view, name="liaison_assignment_reassign"),
            *super().get_urls(),
        ]

    def reassign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        assignment = self.get_object(request, str(pk))
        if assignment is None or assignment.enterprise is None:
            raise Http404
        if not self.has_change_permission(request, assignment):
            raise PermissionDenied
        form = ReassignForm(request.POST or None)
        field = form.fields["to_officer"]
        field.queryset = visible(Officer.objects.all(), request.user)  # type: ignore[attr-defined]
        if request.method == "POST" and form.is_valid():
            try:
                services.assignment_reassign(
                    enterprise=assignment.enterprise,
                    to_officer=form.cleaned_data["to_officer"],
                    on=form.cleaned_data["on"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(request, gettext("The enterprise has been reassigned."))
                return HttpResponseRedirect(reverse("admin:liaison_assignment_changelist"))
        return _form_page(
            self,
            request,
            form,
            title=gettext("Reassign %(enterprise)s") % {"enterprise": assignment.enterprise},
            obj=assignment,
        )


def _form_page(
    model_admin: Any, request: HttpRequest, form: forms.Form, *, title: str, obj: Any
) -> TemplateResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "original": obj,
        "media": model_admin.media + form.media,
    }
    return TemplateResponse(request, "admin/liaison/action_form.html", context)


# --- visits -----------------------------------------------------------------------------------


@admin.register(Visit)
class VisitAdmin(ScopedAdmin[Visit]):
    list_display = ["visited_on", "enterprise", "officer", "people_met"]
    list_filter = ["officer__role"]
    search_fields = ["enterprise__name", "officer__name", "topics", "issues_raised"]
    autocomplete_fields = ["officer", "enterprise"]
    list_select_related = ["officer", "enterprise"]
    date_hierarchy = "visited_on"
    readonly_fields = ["open_case_link"]
    actions = ["open_case"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        officer = _current_officer(request)
        if officer is not None:
            initial.setdefault("officer", officer.pk)
        return initial

    def save_model(self, request: HttpRequest, obj: Visit, form: Any, change: bool) -> None:
        services.visit_save(visit=obj, actor=request.user)

    @staticmethod
    def case_add_url(visit: Visit) -> str:
        params = {
            "visit": visit.pk,
            "enterprise": visit.enterprise_id,
            "officer": visit.officer_id,
            "title": (visit.issues_raised.strip().splitlines() or [""])[0][:200],
            "description": visit.issues_raised,
        }
        return f"{reverse('admin:liaison_case_add')}?{urlencode(params)}"

    @admin.display(description=_("case"))
    def open_case_link(self, obj: Visit) -> str:
        if obj.pk is None:
            return ""
        return format_html(
            '<a class="button" href="{}">{}</a>',
            self.case_add_url(obj),
            gettext("Open a case from this visit"),
        )

    @admin.action(description=_("Open a case from this visit"), permissions=["view"])
    def open_case(self, request: HttpRequest, queryset: QuerySet[Visit]) -> Any:
        visits = list(queryset[:2])
        if len(visits) != 1:
            self.message_user(
                request, gettext("Choose exactly one visit to open a case from."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(self.case_add_url(visits[0]))


# --- cases ------------------------------------------------------------------------------------


class CaseEventInline(ScopedTabularInline):
    """The case's timeline; written by the services only."""

    model = CaseEvent
    fields = ["at", "action_label", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("timeline")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CaseEvent]:
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("action"))
    def action_label(self, obj: CaseEvent) -> str:
        rule = rules.TRANSITIONS.get(obj.action)
        return str(rule.label) if rule else gettext("reassign")


class TransitionForm(forms.Form):
    """The inputs of every case transition; each action's page shows only its own fields."""

    grade = forms.ChoiceField(label=_("grade"), choices=Case.Grade.choices)
    responsible_unit = forms.CharField(label=_("responsible unit"), max_length=100)
    until = forms.SplitDateTimeField(label=_("new deadline"), widget=AdminSplitDateTime)
    answer = forms.CharField(label=_("answer to the enterprise"), widget=forms.Textarea)
    satisfaction = forms.ChoiceField(label=_("satisfaction"), choices=Case.Satisfaction.choices)
    note = forms.CharField(label=_("note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, inputs: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name != "note" and name not in inputs:
                del self.fields[name]


@admin.register(Case)
class CaseAdmin(ScopedAdmin[Case]):
    list_display = [
        "title",
        "enterprise",
        "officer",
        "category",
        "grade",
        "status",
        "registered_at",
        "due_at",
        "overdue",
    ]
    list_filter = ["status", "category", "grade", "overdue"]
    search_fields = ["title", "description", "enterprise__name"]
    autocomplete_fields = ["enterprise", "officer", "visit"]
    list_select_related = ["enterprise", "officer"]
    date_hierarchy = "registered_at"
    inlines = [CaseEventInline]
    change_list_template = "admin/liaison/case/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [*rules.WORKFLOW_FIELDS]
        if obj is not None:
            # After registration the case moves officers only through a reassignment.
            fields = ["transitions", *fields, "officer", "enterprise", "registered_at", "visit"]
        return fields

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        officer = _current_officer(request)
        if officer is not None:
            initial.setdefault("officer", officer.pk)
        return initial

    def save_model(self, request: HttpRequest, obj: Case, form: Any, change: bool) -> None:
        if change:
            obj.full_clean()
            obj.save()
        else:
            services.case_register(case=obj, actor=request.user)

    @admin.display(description=_("next steps"))
    def transitions(self, obj: Case) -> str:
        actions = [a for a in rules.allowed_actions(obj.status) if a in services.CASE_TRANSITIONS]
        if not actions:
            return "—"
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            (
                (
                    reverse("admin:liaison_case_transition", args=[obj.pk, action]),
                    rules.TRANSITIONS[action].label,
                )
                for action in actions
            ),
        )

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("figures/", wrap(self.figures_view), name="liaison_case_figures"),
            path(
                "<int:pk>/transition/<str:action>/",
                wrap(self.transition_view),
                name="liaison_case_transition",
            ),
            *super().get_urls(),
        ]

    def transition_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        case = self.get_object(request, str(pk))
        if case is None or action not in services.CASE_TRANSITIONS:
            raise Http404
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        service, inputs = services.CASE_TRANSITIONS[action]
        form = TransitionForm(request.POST or None, inputs=inputs)
        if request.method == "POST" and form.is_valid():
            try:
                service(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                self.message_user(
                    request,
                    gettext("Done: %(action)s.") % {"action": rules.TRANSITIONS[action].label},
                )
                return HttpResponseRedirect(reverse("admin:liaison_case_change", args=[case.pk]))
        title = f"{case} · {rules.TRANSITIONS[action].label}"
        return _form_page(self, request, form, title=title, obj=case)

    def figures_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        figures = selectors.case_figures(self.get_queryset(request))
        titles = {
            "total": _("all cases"),
            "commissioner": _("by commissioner"),
            "park": _("by park"),
            "category": _("by category"),
            "month": _("by month"),
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Case figures"),
            "tables": [(titles[name], rows) for name, rows in figures.items()],
            "formulas": selectors.case_figures.__doc__,
        }
        return TemplateResponse(request, "admin/liaison/case/figures.html", context)


# --- joint meetings and decisions -------------------------------------------------------------


class DecisionInline(ScopedStackedInline):
    model = Decision
    autocomplete_fields = ["case"]
    readonly_fields = ["status", "completed_on", "overdue"]
    extra = 0


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedAdmin[JointMeeting]):
    list_display = ["title", "held_at", "location", "convener"]
    search_fields = ["title", "minutes"]
    autocomplete_fields = ["convener", "attendees", "cases"]
    list_select_related = ["convener"]
    readonly_fields = ["print_link"]
    inlines = [DecisionInline]
    date_hierarchy = "held_at"
    actions = ["build_agenda"]

    @admin.display(description=_("meeting record"))
    def print_link(self, obj: JointMeeting) -> str:
        if obj.pk is None:
            return ""
        url = reverse("admin:liaison_jointmeeting_print", args=[obj.pk])
        return format_html('<a href="{}" target="_blank">{}</a>', url, gettext("Print"))

    @admin.action(description=_("Put the escalated cases on the agenda"), permissions=["change"])
    def build_agenda(self, request: HttpRequest, queryset: QuerySet[JointMeeting]) -> None:
        escalated = visible(Case.objects.all(), request.user)
        for meeting in queryset:
            added = services.meeting_build_agenda(
                meeting=meeting, cases=escalated, actor=request.user
            )
            self.message_user(
                request,
                gettext("%(meeting)s: %(count)d cases added to the agenda.")
                % {"meeting": meeting, "count": added},
            )

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.print_view)
        return [
            path("<int:pk>/print/", view, name="liaison_jointmeeting_print"),
            *super().get_urls(),
        ]

    def print_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        meeting = self.get_object(request, str(pk))
        if meeting is None:
            raise Http404
        context = {
            "meeting": meeting,
            "committee": self.admin_site.site_title,
            "attendees": meeting.attendees.all(),
            "units": [u for u in meeting.attending_units.splitlines() if u.strip()],
            "cases": visible(meeting.cases.select_related("enterprise", "officer"), request.user),
            "decisions": visible(
                meeting.decisions.select_related("case").prefetch_related("supervision_notes"),
                request.user,
            ),
            "printed_at": timezone.localtime(),
        }
        return TemplateResponse(request, "liaison/meeting_record.html", context)


class SupervisionNoteFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    def save_new(self, form: Any, commit: bool = True) -> Any:
        return services.decision_supervise(
            decision=self.instance, note=form.cleaned_data["note"], actor=self.request_user
        )


class SupervisionNoteInline(ScopedTabularInline):
    """Supervision notes: added here, never changed afterwards."""

    model = SupervisionNote
    formset = SupervisionNoteFormSet
    fields = ["note", "at", "actor"]
    readonly_fields = ["at", "actor"]
    extra = 1
    can_delete = False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        formset = super().get_formset(request, obj, **kwargs)
        formset.request_user = request.user
        return formset

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.status == Decision.Status.DONE:
            return False
        return super().has_add_permission(request, obj)


@admin.register(Decision)
class DecisionAdmin(ScopedAdmin[Decision]):
    list_display = ["__str__", "meeting", "responsible_unit", "deadline", "status", "overdue"]
    list_filter = ["status", "overdue"]
    search_fields = ["text", "responsible_unit"]
    autocomplete_fields = ["meeting", "case"]
    list_select_related = ["meeting"]
    readonly_fields = ["status", "completed_on", "overdue"]
    inlines = [SupervisionNoteInline]
    actions = ["complete", "complete_and_close_case"]

    def _complete(self, request: HttpRequest, queryset: QuerySet[Decision], close: bool) -> None:
        done = 0
        for decision in queryset.select_related("case", "meeting"):
            try:
                services.decision_complete(decision=decision, close_case=close, actor=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{decision}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(count)d decisions done.") % {"count": done})

    @admin.action(description=_("Mark as done"), permissions=["change"])
    def complete(self, request: HttpRequest, queryset: QuerySet[Decision]) -> None:
        self._complete(request, queryset, close=False)

    @admin.action(description=_("Mark as done and close the case"), permissions=["change"])
    def complete_and_close_case(self, request: HttpRequest, queryset: QuerySet[Decision]) -> None:
        self._complete(request, queryset, close=True)
