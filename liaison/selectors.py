"""Scoped reads of the liaison app, its scope rules, and the enterprises and parks an officer's
current assignments add to their scope."""

import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from liaison.models import Assignment, Case, Decision, JointMeeting, Officer
from orgs import scope
from orgs.scope import Scope


def current_assignments(on: datetime.date | None = None) -> QuerySet[Assignment]:
    day = on or timezone.localdate()
    return Assignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day), starts_on__lte=day
    )


def officer_scope(user: Any) -> dict[str, set[int]]:
    """Enterprises and parks of the user's current assignments."""
    rows = current_assignments().filter(officer__user=user).values_list("enterprise_id", "park_id")
    return {
        "enterprise_ids": {e for e, _p in rows if e},
        "park_ids": {p for _e, p in rows if p},
    }


def _officers(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(
        Q(user_id=s.user_id) | Q(assignments__enterprise_id__in=s.enterprise_ids)
    ).distinct()


def _assignments(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(
        Q(officer__user_id=s.user_id)
        | Q(enterprise_id__in=s.enterprise_ids)
        | Q(park_id__in=s.park_ids)
    )


def _cases(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(Q(enterprise_id__in=s.enterprise_ids) | Q(officer__user_id=s.user_id))


def _meetings(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(
        Q(convener__user_id=s.user_id)
        | Q(attendees__user_id=s.user_id)
        | Q(cases__enterprise_id__in=s.enterprise_ids)
    ).distinct()


def _decisions(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    meetings = _meetings(JointMeeting.objects.all(), s).values("pk")
    return qs.filter(Q(meeting__in=meetings) | Q(case__enterprise_id__in=s.enterprise_ids))


def register_scope_rules() -> None:
    scope.register_provider(officer_scope)
    scope.register(Officer, _officers)
    scope.register(Assignment, _assignments)
    scope.register(Case, _cases)
    scope.register(JointMeeting, _meetings)
    scope.register(Decision, _decisions)
