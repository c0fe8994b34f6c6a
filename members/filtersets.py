"""Filters of the roster API, declared field by field."""

import django_filters

from members.models import Gender, Member, Occupation
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
