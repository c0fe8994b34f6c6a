"""Admin pages for joint meetings and their decisions: the agenda, the printable meeting record,
supervision notes and completing a decision, each through :mod:`liaison.services`."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from liaison import services
from liaison.models import Case, Decision, JointMeeting, SupervisionNote
from orgs.admin_base import ScopedAdmin, ScopedStackedInline, ScopedTabularInline
from orgs.scope import visible


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
