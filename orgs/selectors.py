"""Scoped reads for the organization app, and its models' scope rules."""

from typing import Any

from django.db.models import Q, QuerySet

from orgs import scope
from orgs.models import (
    Alliance,
    AllianceMembership,
    CalendarDay,
    CalendarYear,
    Enterprise,
    Organization,
    OrganizationScope,
    Park,
    Position,
)
from orgs.scope import Scope


def _organizations(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(pk__in=s.org_ids())


def _enterprises(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # Enterprises are the register every roster and case stands on: anyone scoped to an
    # organization may pick from all of them; an officer sees only their own.
    if s.org_paths:
        return qs
    return qs.filter(pk__in=s.enterprise_ids)


def _parks(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    if s.org_paths:
        return qs
    return qs.filter(Q(pk__in=s.park_ids) | Q(enterprises__in=s.enterprise_ids)).distinct()


def _positions(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_id_q("organization_id") | Q(park_id__in=s.park_ids))


def _alliances(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs if s.org_paths else qs.none()


def _org_scopes(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_id_q("organization_id"))


def _everyone(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs  # the holiday calendar is public: every signed-in user counts working days by it


def register_scope_rules() -> None:
    scope.register(Organization, _organizations)
    scope.register(Enterprise, _enterprises)
    scope.register(Park, _parks)
    scope.register(Position, _positions)
    scope.register(Alliance, _alliances)
    scope.register(AllianceMembership, _alliances)
    scope.register(OrganizationScope, _org_scopes)
    scope.register(CalendarYear, _everyone)
    scope.register(CalendarDay, _everyone)
