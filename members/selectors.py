"""Scoped reads of the roster, and the roster's scope rules."""

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from members.models import ImportJob, Member, MemberStatusChange, MobileMembership, Transfer
from orgs import scope
from orgs.scope import Scope


def _members(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # While an internal transfer awaits its receipt the sending branch stays responsible, so it
    # keeps seeing the member (DESIGN.md §4 "Transfers").
    in_transit = Transfer.objects.filter(
        s.org_q("from_branch__path"), member=OuterRef("pk"), state=Transfer.State.ISSUED
    )
    return qs.filter(s.org_q("branch__path") | Exists(in_transit))


def _by_member(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("member__branch__path"))


def _transfers(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(
        s.org_q("member__branch__path") | s.org_q("from_branch__path") | s.org_q("to_branch__path")
    )


def _import_jobs(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(created_by_id=s.user_id)


def register_scope_rules() -> None:
    scope.register(Member, _members)
    scope.register(MemberStatusChange, _by_member)
    scope.register(MobileMembership, _by_member)
    scope.register(Transfer, _transfers)
    scope.register(ImportJob, _import_jobs)
