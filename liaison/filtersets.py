"""Filters of the liaison API endpoints, declared field by field."""

import django_filters

from liaison.models import Case, Decision, JointMeeting
from orgs.filtersets import TextSearchFilter


class CaseFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("title",))
    status = django_filters.MultipleChoiceFilter(choices=Case.Status.choices)
    category = django_filters.ChoiceFilter(choices=Case.Category.choices)
    grade = django_filters.ChoiceFilter(choices=Case.Grade.choices)
    enterprise = django_filters.NumberFilter(field_name="enterprise_id")
    park = django_filters.NumberFilter(field_name="enterprise__park_id")
    officer = django_filters.NumberFilter(field_name="officer_id")
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
    convener = django_filters.NumberFilter(field_name="convener_id")
    held = django_filters.DateFromToRangeFilter(field_name="held_at")

    class Meta:
        model = JointMeeting
        fields = ["q", "convener", "held"]


class DecisionFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("text", "responsible_unit"))
    status = django_filters.ChoiceFilter(choices=Decision.Status.choices)
    meeting = django_filters.NumberFilter(field_name="meeting_id")
    case = django_filters.NumberFilter(field_name="case_id")
    deadline = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Decision
        fields = ["q", "status", "meeting", "case", "deadline"]
