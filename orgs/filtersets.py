"""Filters of the organization app's API endpoints, declared field by field."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from orgs.models import Enterprise, Organization, Park
from orgs.scope import visible

# The largest value an integer column holds; larger filter values are a 400, not a database
# overflow.
MAX_INTEGER = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A whole-number filter (ids, counts), between 1 and the largest integer column value."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # whole numbers, not decimals

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_INTEGER)
        super().__init__(*args, **kwargs)


class SubtreeFilter(IdFilter):
    """``organization=<id>``: rows of that organization and every organization below it.

    The organization itself is looked up inside the user's scope, so an outsider's id filters
    to nothing instead of revealing that it exists.
    """

    def __init__(self, *args: Any, path_field: str, **kwargs: Any) -> None:
        self.path_field = path_field
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if value in (None, ""):
            return qs
        organizations: QuerySet[Organization] = Organization.objects.filter(pk=value)
        request = getattr(getattr(self, "parent", None), "request", None)
        if request is not None:
            organizations = visible(organizations, request.user)
        path = organizations.values_list("path", flat=True).first()
        if path is None:
            return qs.none()
        return qs.filter(**{f"{self.path_field}__startswith": path})


class TextSearchFilter(django_filters.CharFilter):
    """``q=<text>``: a case-insensitive substring of any of the given fields."""

    def __init__(self, *args: Any, search_fields: tuple[str, ...], **kwargs: Any) -> None:
        self.search_fields = search_fields
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        q = Q()
        for field in self.search_fields:
            q |= Q(**{f"{field}__icontains": value})
        return qs.filter(q)


# Shorter terms match from the start of the text only.
INFIX_MIN_LENGTH = 3


def indexed_text_q(field: str, term: str) -> Q:
    """A search term as an indexed match on a big table's text column: a prefix (the ``_like``
    index Django gives an indexed text column on PostgreSQL) for terms of one or two
    characters, a case-insensitive substring from :data:`INFIX_MIN_LENGTH` characters on (a
    trigram index on PostgreSQL; SQLite scans, which its demo-sized tables allow). A substring
    of two characters is matched by no index: every row would be read."""
    if len(term) >= INFIX_MIN_LENGTH:
        return Q(**{f"{field}__icontains": term})
    return Q(**{f"{field}__startswith": term})


class IndexedTextSearchFilter(TextSearchFilter):
    """``q=<text>`` on the roster's columns: each field matched by :func:`indexed_text_q`."""

    def filter(self, qs: QuerySet[Any], value: Any) -> QuerySet[Any]:
        if not value:
            return qs
        q = Q()
        for field in self.search_fields:
            q |= indexed_text_q(field, value)
        return qs.filter(q)


class OrganizationFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("name", "code"))
    organization = SubtreeFilter(path_field="path")
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)
    parent = IdFilter(field_name="parent_id")
    enterprise = IdFilter(field_name="enterprise_id")
    park = IdFilter(field_name="park_id")
    founded_on = django_filters.DateFromToRangeFilter()

    class Meta:
        model = Organization
        fields = ["q", "organization", "kind", "parent", "enterprise", "park", "founded_on"]


class EnterpriseFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("name", "uscc"))
    kind = django_filters.ChoiceFilter(choices=Enterprise.Kind.choices)
    park = IdFilter(field_name="park_id")

    class Meta:
        model = Enterprise
        fields = ["q", "kind", "park"]


class ParkFilterSet(django_filters.FilterSet):
    q = TextSearchFilter(search_fields=("name",))
    kind = django_filters.ChoiceFilter(choices=Park.Kind.choices)

    class Meta:
        model = Park
        fields = ["q", "kind"]
