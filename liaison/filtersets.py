"""Filters of the liaison API endpoints, declared field by field."""

import django_filters

from liaison.models import Case, Decision, JointMeeting, Visit
from orgs.filtersets import IdFilter, TextSearchFilter


class CaseFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("title",))
    status = django_filters.MultipleChoiceFilter(choices=Case.Status.choices)
    category = django_filters.ChoiceFilter(choices=Case.Category.choices)
    grade = django_filters.ChoiceFilter(choices=Case.Grade.choices)
    enterprise = IdFilter(field_name="enterprise_id")
    park = IdFilter(field_name="enterprise__park_id")
    officer = IdFilter(field_name="officer_id")
    registered = django_filters.DateFromToRangeFilter(field_name="registered_at")

    class Meta:
        model = Case
        fields = [
            "q",
            "status",
            "category",
            "grade",
            "enterprise",
            "park",
            "officer",
            "registered",
        ]


class JointMeetingFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("title",))
    convener = IdFilter(field_name="convener_id")
    held = django_filters.DateFromToRangeFilter(field_name="held_at")

    class Meta:
        model = JointMeeting
        fields = ["q", "convener", "held"]


class DecisionFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("text", "responsible_unit"))
    status = django_filters.ChoiceFilter(choices=Decision.Status.choices)
    meeting = IdFilter(field_name="meeting_id")
    case = IdFilter(field_name="case_id")
    deadline = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Decision
        fields = ["q", "status", "meeting", "case", "deadline"]


class VisitFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("topics", "people_met"))
    officer = IdFilter(field_name="officer_id")
    enterprise = IdFilter(field_name="enterprise_id")
    park = IdFilter(field_name="enterprise__park_id")
    visited = django_filters.DateFromToRangeFilter(field_name="visited_on")

    class Meta:
        model = Visit
        fields = ["q", "officer", "enterprise", "park", "visited"]
