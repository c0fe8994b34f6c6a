"""Admin pages for the training academy: sessions with their attendance list inline. Writes go
through :mod:`members.training`."""

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from members import training
from members.models import TrainingAttendance, TrainingSession
from orgs.admin_base import ScopedAdmin, ScopedTabularInline


class AttendanceInline(ScopedTabularInline):
    """The attendance list as recorded: a session of the academy has hundreds of rows, so they
    are shown as text, and new ones are added below (:class:`NewAttendanceInline`)."""

    model = TrainingAttendance
    fields = ("name", "application", "member", "hours")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NewAttendanceInline(ScopedTabularInline):
    model = TrainingAttendance
    fields = ["name", "application", "member", "hours"]
    autocomplete_fields = ["application", "member"]
    extra = 1
    verbose_name_plural = _("add attendance")

    def get_queryset(self, request: HttpRequest) -> QuerySet[TrainingAttendance]:
        return super().get_queryset(request).none()


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedAdmin[TrainingSession]):
    list_display = ["held_on", "topic", "hours", "venue", "trainer", "attendance_count"]
    search_fields = ["topic", "trainer"]
    autocomplete_fields = ["venue", "organizer"]
    list_select_related = ["venue"]
    date_hierarchy = "held_on"
    inlines = [AttendanceInline, NewAttendanceInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[TrainingSession]:
        return (
            super()
            .get_queryset(request)
            .annotate(attendance_total=Count("attendances"), hours_total=Sum("attendances__hours"))
        )

    @admin.display(description=_("attendances"), ordering="attendance_total")
    def attendance_count(self, obj: TrainingSession) -> int:
        return int(getattr(obj, "attendance_total", 0))

    def save_model(
        self, request: HttpRequest, obj: TrainingSession, form: Any, change: bool
    ) -> None:
        training.training_session_save(session=obj, actor=request.user)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for attendance in formset.save(commit=False):
            if attendance.pk is None:
                training.attendance_add(
                    session=form.instance,
                    actor=request.user,
                    name=attendance.name,
                    application=attendance.application,
                    member=attendance.member,
                    hours=attendance.hours,
                )
            else:
                attendance.full_clean()
                attendance.save()
        for attendance in formset.deleted_objects:
            attendance.delete()
