"""Admin pages for joint meetings and their decisions: the agenda, the printable meeting record,
supervision notes and completing a decision, each through :mod:`liaison.services`.

A case shown inside a meeting or a decision is named only to those who may see the case: the
edit forms' choices are scoped already, and the read-only pages show a case outside the viewer's
scope as “a case outside your scope”."""

import datetime
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison import selectors, services
from liaison.admin.pages import StaysInSightAdmin, current_officer, without_case_titles
from liaison.models import Case, Decision, JointMeeting, SupervisionNote
from orgs.admin_base import ScopedStackedInline, ScopedTabularInline
from orgs.admin_display import DUE, OK, OVERDUE, deadline_badge, truncated
from orgs.scope import visible


def _case_link(case: Case) -> str:
    url = reverse("admin:liaison_case_change", args=[case.pk])
    return format_html('<a href="{}">{}</a>', url, case.title)


def _with_agenda(meeting: JointMeeting, user: Any) -> JointMeeting:
    """Load the meeting's agenda as ``agenda_cases``, each case flagged ``in_scope`` for
    ``user``."""
    cases = Case.objects.select_related("enterprise", "officer").annotate(
        in_scope=selectors.case_scope_flag(user)
    )
    prefetch_related_objects([meeting], Prefetch("cases", cases, to_attr="agenda_cases"))
    return meeting


class DecisionCaseLabel:
    """The ``case`` of a decision, for viewers who cannot edit it: a link when they may see the
    case, “a case outside your scope” otherwise."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decision]:
        flag = selectors.case_scope_flag(request.user, "case_id")
        queryset: QuerySet[Decision] = super().get_queryset(request)  # type: ignore[misc]
        return queryset.annotate(case_in_scope=flag)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        if self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            return fields
        return [*fields, "case_label"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))  # type: ignore[misc]
        if self.has_change_permission(request, obj):  # type: ignore[attr-defined]
            return fields
        return without_case_titles(fields, "case", "case_label")

    @admin.display(description=_("case"))
    def case_label(self, obj: Decision) -> str:
        if obj.case is None:
            return "—"
        if obj.case_in_scope:  # type: ignore[attr-defined]
            return _case_link(obj.case)
        return str(selectors.OUT_OF_SCOPE_CASE)


class DecisionInline(DecisionCaseLabel, ScopedStackedInline):
    model = Decision
    autocomplete_fields = ["case"]
    readonly_fields = ["status", "completed_on", "overdue"]
    extra = 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Decision]:
        return super().get_queryset(request).select_related("case")


@admin.register(JointMeeting)
class JointMeetingAdmin(StaysInSightAdmin[JointMeeting]):
    list_display = ["title", "held_at", "location", "convener"]
    search_fields = ["title", "minutes"]
    autocomplete_fields = ["convener", "attendees", "cases"]
    list_select_related = ["convener"]
    readonly_fields = ["print_link"]
    inlines = [DecisionInline]
    date_hierarchy = "held_at"
    actions = ["build_agenda"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        officer = current_officer(request)
        if officer is not None:
            initial.setdefault("convener", str(officer.pk))
        return initial

    def save_model(self, request: HttpRequest, obj: JointMeeting, form: Any, change: bool) -> None:
        services.meeting_save(meeting=obj, actor=request.user)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is None or self.has_change_permission(request, obj):
            return fields
        return [*fields, "agenda"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = list(super().get_fields(request, obj))
        if obj is None or self.has_change_permission(request, obj):
            return fields
        return without_case_titles(fields, "cases", "agenda")

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: JointMeeting | None = None,
    ) -> HttpResponse:
        if obj is not None:
            _with_agenda(obj, request.user)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("cases on the agenda"))
    def agenda(self, obj: JointMeeting) -> str:
        """The agenda for viewers who cannot edit it (the page is rendered after
        :func:`_with_agenda`)."""
        cases = obj.agenda_cases  # type: ignore[attr-defined]
        if not cases:
            return "—"
        return format_html_join(
            "、",
            "{}",
            (
                (_case_link(case) if case.in_scope else selectors.OUT_OF_SCOPE_CASE,)
                for case in cases
            ),
        )

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
        if not self.has_view_or_change_permission(request, meeting):
            raise PermissionDenied
        context = {
            "meeting": meeting,
            "committee": self.admin_site.site_title,
            "attendees": meeting.attendees.all(),
            "units": [u for u in meeting.attending_units.splitlines() if u.strip()],
            "cases": _with_agenda(meeting, request.user).agenda_cases,  # type: ignore[attr-defined]
            "out_of_scope": selectors.OUT_OF_SCOPE_CASE,
            "decisions": visible(
                meeting.decisions.select_related("case").prefetch_related("supervision_notes"),
                request.user,
            ),
            "printed_at": timezone.localtime(),
        }
        return TemplateResponse(request, "liaison/meeting_record.html", context)


class SupervisionNoteFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    request_user: services.Actor  # set on the formset class by the inline's get_formset

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
class DecisionAdmin(DecisionCaseLabel, StaysInSightAdmin[Decision]):
    list_display = [
        "short_text",
        "meeting",
        "responsible_unit",
        "deadline",
        "status",
        "deadline_state",
    ]
    list_filter = ["status", "overdue"]
    search_fields = ["text", "responsible_unit"]
    autocomplete_fields = ["meeting", "case"]
    list_select_related = ["meeting"]
    readonly_fields = ["status", "completed_on", "overdue"]
    inlines = [SupervisionNoteInline]
    actions = ["complete", "complete_and_close_case"]

    @admin.display(description=_("decision"), ordering="text")
    def short_text(self, obj: Decision) -> str:
        return truncated(obj.text, 20)

    @admin.display(description=_("deadline state"), ordering="overdue")
    def deadline_state(self, obj: Decision) -> str:
        """超期 once flagged, 即将到期 within a week of the deadline, a dash once done."""
        if obj.status == Decision.Status.DONE:
            return str(deadline_badge(None))
        if obj.overdue:
            return str(deadline_badge(OVERDUE))
        soon = obj.deadline - timezone.localdate() <= datetime.timedelta(days=7)
        return str(deadline_badge(DUE if soon else OK))

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
