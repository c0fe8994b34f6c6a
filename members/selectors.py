"""Scoped reads of the roster and of membership development, and their scope rules."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from members import rules
from members.models import (
    Application,
    DevelopmentDigest,
    Member,
    RuleSet,
    StepDocument,
    StepRecord,
)
from orgs import scope
from orgs.scope import Scope


def _members(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("branch__path"))


def _applications(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("branch__path"))


def _step_records(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("application__branch__path"))


def _step_documents(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("record__application__branch__path"))


def _rule_sets(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs  # the rules are public: every user reads the version an application follows


def _digests(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(user_id=s.user_id)


def register_scope_rules() -> None:
    scope.register(Member, _members)
    scope.register(Application, _applications)
    scope.register(StepRecord, _step_records)
    scope.register(StepDocument, _step_documents)
    scope.register(RuleSet, _rule_sets)
    scope.register(DevelopmentDigest, _digests)


def applications_progress(
    applications: Iterable[Application] | QuerySet[Application],
) -> dict[int, rules.Progress]:
    """Stage, next step, deadline and state of many applications, computed from their steps
    in two queries (the applications with their rule sets, and all their steps) however many
    there are."""
    if isinstance(applications, QuerySet):
        applications = applications.select_related("rule_set").prefetch_related(
            Prefetch("steps", queryset=StepRecord.objects.order_by("on", "id"))
        )
    return {
        application.pk: rules.progress(application.rule_set, list(application.steps.all()))
        for application in applications
    }
