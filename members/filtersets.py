"""Filters of the roster API, declared field by field."""

import django_filters

from members.models import Application, Gender, Member, Occupation
from orgs.filtersets import IdFilter, SubtreeFilter, TextSearchFilter


class MemberFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("name",))
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

    q = TextSearchFilter(search_fields=("name",))
    organization = SubtreeFilter(path_field="branch__path")
    stage = django_filters.MultipleChoiceFilter(choices=Application.Stage.choices)
    outcome = django_filters.ChoiceFilter(choices=Application.Outcome.choices)
    due_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Application
        fields = ["q", "organization", "stage", "outcome", "due_on"]
