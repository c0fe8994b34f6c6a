"""Admin pages of organizational life: the branch meetings with their attendance (the inline
lists only the exceptions — everyone else expected is recorded present) and attachments, the
meeting calendar of a branch's year with its gaps and the six-month rule, and the scoped view
that serves an attachment. Writes go through :mod:`members.meetings`."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms import ModelForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.admin.dues import chosen_branch, visible_branches
from members.meetings import (
    REQUIRED,
    check_attendance,
    compliance_gaps,
    meeting_fill_attendance,
    meeting_record,
    six_month_flags,
)
from members.models import BranchMeeting, MeetingAttachment, MeetingAttendance, Member
from orgs.admin_base import ScopedAdmin, ScopedTabularInline
from orgs.admin_lists import OrganizationTreeFilter
from orgs.scope import visible


class AttendanceForm(ModelForm[MeetingAttendance]):
    class Meta:
        model = MeetingAttendance
        fields = ["member", "status", "reason"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            check_attendance(data.get("status", ""), data.get("reason", ""))
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict) from None
        return data


class AttendanceInline(ScopedTabularInline):
    model = MeetingAttendance
    form = AttendanceForm
    extra = 3
    autocomplete_fields = ["member"]
    verbose_name_plural = _("attendance (list only those on leave or absent; the rest are present)")


class AttachmentInline(ScopedTabularInline):
    model = MeetingAttachment
    extra = 1
    fields = ["file", "description"]


class MeetingOrganizationFilter(OrganizationTreeFilter):
    field_name = "organization"


@admin.register(BranchMeeting)
class BranchMeetingAdmin(ScopedAdmin[BranchMeeting]):
    list_display = [
        "held_on",
        "kind",
        "topic",
        "organization",
        "host",
        "present_count",
        "leave_count",
        "absent_count",
    ]
    list_filter = ["kind", MeetingOrganizationFilter]
    search_fields = ["topic", "host", "place"]
    autocomplete_fields = ["organization", "position"]
    list_select_related = ["organization"]
    inlines = [AttendanceInline, AttachmentInline]
    change_list_template = "admin/members/branchmeeting/change_list.html"
    fields = [
        "organization",
        ("kind", "held_on"),
        "topic",
        ("position", "place"),
        "host",
        "minutes",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BranchMeeting]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                present=Count("attendance", filter=Q(attendance__status="present")),
                leave=Count("attendance", filter=Q(attendance__status="leave")),
                absent=Count("attendance", filter=Q(attendance__status="absent")),
            )
        )

    @admin.display(description=_("present"), ordering="present")
    def present_count(self, obj: Any) -> int:
        return obj.present  # type: ignore[no-any-return]

    @admin.display(description=_("on leave"), ordering="leave")
    def leave_count(self, obj: Any) -> int:
        return obj.leave  # type: ignore[no-any-return]

    @admin.display(description=_("absent"), ordering="absent")
    def absent_count(self, obj: Any) -> int:
        return obj.absent  # type: ignore[no-any-return]

    def save_model(
        self,
        request: HttpRequest,
        obj: BranchMeeting,
        form: ModelForm[BranchMeeting],
        change: bool,
    ) -> None:
        if change:
            meeting_record(meeting=obj, actor=request.user)
            return
        # A new meeting's attendance waits for the inline's exceptions (save_related).
        obj.created_by = request.user if request.user.is_authenticated else None
        obj.full_clean()
        obj.save()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if not change:
            meeting_fill_attendance(meeting=form.instance, exceptions={})

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("calendar/", view(self.calendar_view), name="members_branchmeeting_calendar"),
            path(
                "attachment/<int:attachment_id>/",
                view(self.attachment_view),
                name="members_branchmeeting_attachment",
            ),
            *super().get_urls(),
        ]

    def attachment_view(self, request: HttpRequest, attachment_id: int) -> FileResponse:
        """One attachment, to a user who may see its meeting; never from a public media URL."""
        attachment = (
            visible(MeetingAttachment.objects.all(), request.user).filter(pk=attachment_id).first()
        )
        if attachment is None or not self.has_view_permission(request, None):
            raise Http404
        response = FileResponse(attachment.file.open("rb"), as_attachment=False)
        disposition = content_disposition_header(
            as_attachment=False, filename=(attachment.file.name or "").rsplit("/", 1)[-1]
        )
        if disposition is not None:
            response["Content-Disposition"] = disposition
        return response

    def calendar_view(self, request: HttpRequest) -> HttpResponse:
        """A branch's year: the meetings of each kind per month, every gap against the
        required frequencies, and the members flagged under the six-month rule."""
        if not self.has_view_permission(request):
            raise Http404
        branch = chosen_branch(request)
        today = timezone.localdate()
        raw = request.GET.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year + 1 else today.year
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": gettext("Meeting calendar"),
            "branches": visible_branches(request),
            "branch": branch,
            "year": year,
        }
        if branch is not None:
            first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 1)
            meetings = visible(BranchMeeting.objects.all(), request.user).filter(
                organization__path__startswith=branch.path, held_on__year=year
            )
            grid: dict[str, list[int]] = {kind: [0] * 12 for kind in REQUIRED}
            for kind, held_on in meetings.values_list("kind", "held_on"):
                grid[kind][held_on.month - 1] += 1
            context["grid"] = [
                (BranchMeeting.Kind(kind).label, counts) for kind, counts in grid.items()
            ]
            context["months"] = range(1, 13)
            context["gaps"] = compliance_gaps(branch, first, last, today)
            members = Member.objects.filter(branch__path__startswith=branch.path)
            context["flags"] = six_month_flags(members, today)
        return TemplateResponse(request, "admin/members/branchmeeting/calendar.html", context)
