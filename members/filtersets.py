"""Filters of the roster API, declared field by field."""

from typing import Any

import django_filters
from django.db.models import QuerySet

from members.models import (
    Application,
    Gender,
    Member,
    Occupation,
    TrainingAttendance,
    TrainingSession,
)
from members.models.roster import MEMBER_NUMBER_LENGTH, normalize_member_number
from orgs.filtersets import IdFilter, IndexedTextSearchFilter, SubtreeFilter


class MemberNumberFilter(django_filters.CharFilter):
    """``member_number=<number>``: the member with that number, written as a spreadsheet may
    have it (lower case, spaces, full-width)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 2 * MEMBER_NUMBER_LENGTH)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        return qs.filter(member_number=normalize_member_number(value))


class MemberFilterSet(django_filters.FilterSet):
    q = IndexedTextSearchFilter(search_fields=("name", "workplace_name"))
    member_number = MemberNumberFilter()
    organization = SubtreeFilter(path_field="branch__path")
    status = django_filters.MultipleChoiceFilter(choices=Member.Status.choices)
    category = django_filters.ChoiceFilter(choices=Member.Category.choices)
    gender = django_filters.ChoiceFilter(choices=Gender.choices)
    occupation = django_filters.ChoiceFilter(choices=Occupation.choices)
    enterprise = IdFilter(field_name="workplace_id")
    park = IdFilter(field_name="workplace__park_id")
    admission_date = django_filters.DateFromToRangeFilter()
    lost_contact = django_filters.BooleanFilter()

    class Meta:
        model = Member
        fields = [
            "q",
            "member_number",
            "organization",
            "status",
            "category",
            "gender",
            "occupation",
            "enterprise",
            "park",
            "admission_date",
            "lost_contact",
        ]


class ApplicationFilterSet(django_filters.FilterSet):
    """Filters of the development API: where an application stands and when it is due."""

    q = IndexedTextSearchFilter(search_fields=("name",))
    organization = SubtreeFilter(path_field="branch__path")
    stage = django_filters.MultipleChoiceFilter(choices=Application.Stage.choices)
    outcome = django_filters.ChoiceFilter(choices=Application.Outcome.choices)
    due_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Application
        fields = ["q", "organization", "stage", "outcome", "due_on"]


class TrainingSessionFilterSet(django_filters.FilterSet):
    organizer = IdFilter(field_name="organizer_id")
    venue = IdFilter(field_name="venue_id")
    held_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = TrainingSession
        fields = ["organizer", "venue", "held_on"]


class TrainingAttendanceFilterSet(django_filters.FilterSet):
    session = IdFilter(field_name="session_id")
    application = IdFilter(field_name="application_id")
    member = IdFilter(field_name="member_id")

    class Meta:
        model = TrainingAttendance
        fields = ["session", "application", "member"]
