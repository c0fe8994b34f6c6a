"""Admin pages for officers, assignments, enterprise cases and joint meetings."""

from django.contrib import admin

from liaison.models import Assignment, Case, Decision, JointMeeting, Officer
from orgs.admin_base import ScopedAdmin, ScopedStackedInline, ScopedTabularInline


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


@admin.register(Assignment)
class AssignmentAdmin(ScopedAdmin[Assignment]):
    list_display = ["officer", "enterprise", "park", "starts_on", "ends_on"]
    list_filter = ["officer__role"]
    search_fields = ["officer__name", "enterprise__name", "park__name"]
    autocomplete_fields = ["officer", "enterprise", "park"]
    list_select_related = ["officer", "enterprise", "park"]


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
    ]
    list_filter = ["status", "category", "grade"]
    search_fields = ["title", "description", "enterprise__name"]
    autocomplete_fields = ["enterprise", "officer"]
    list_select_related = ["enterprise", "officer"]
    date_hierarchy = "registered_at"


class DecisionInline(ScopedStackedInline):
    model = Decision
    autocomplete_fields = ["case"]
    extra = 0


@admin.register(JointMeeting)
class JointMeetingAdmin(ScopedAdmin[JointMeeting]):
    list_display = ["title", "held_at", "location", "convener"]
    search_fields = ["title", "minutes"]
    autocomplete_fields = ["convener", "attendees", "cases"]
    list_select_related = ["convener"]
    inlines = [DecisionInline]
    date_hierarchy = "held_at"


@admin.register(Decision)
class DecisionAdmin(ScopedAdmin[Decision]):
    list_display = ["__str__", "meeting", "responsible_unit", "deadline", "status"]
    list_filter = ["status"]
    search_fields = ["text", "responsible_unit"]
    autocomplete_fields = ["meeting", "case"]
    list_select_related = ["meeting"]
