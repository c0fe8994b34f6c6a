"""Scoped reads of the roster and of membership development, and their scope rules."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from members import rules
from members.models import (
    Application,
    Appraisal,
    AppraisalFollowUp,
    AppraisalGrade,
    BranchMeeting,
    DevelopmentDigest,
    DuesPayment,
    DuesStandard,
    ImportJob,
    MeetingAttachment,
    MeetingAttendance,
    Member,
    MemberStatusChange,
    MobileMembership,
    PartyPost,
    RuleSet,
    StepDocument,
    StepRecord,
    Transfer,
)
from orgs import scope
from orgs.scope import Scope


def in_transit_member_ids(s: Scope) -> list[int]:
    """Members an internal transfer is taking out of the scope's organizations: while it awaits
    its receipt the sending branch stays responsible, so it keeps seeing them (DESIGN.md §4
    "Transfers"). Resolved once per request."""

    def compute() -> list[int]:
        transfers = Transfer.objects.filter(
            s.org_id_q("from_branch_id"), state=Transfer.State.ISSUED
        )
        return list(transfers.order_by().values_list("member_id", flat=True).distinct())

    return s.resolved("members.in_transit", compute)  # type: ignore[no-any-return]


def _members(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    # Ids resolved up front, so that both halves are indexed look-ups (branch, primary key):
    # a join to the organization paths or an OR EXISTS would scan the whole roster.
    q = s.org_id_q("branch_id")
    in_transit = in_transit_member_ids(s)
    if in_transit:
        q |= Q(pk__in=in_transit)
    return qs.filter(q)


def _by_member(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_id_q("member__branch_id"))


def _transfers(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(
        s.org_id_q("member__branch_id") | s.org_id_q("from_branch_id") | s.org_id_q("to_branch_id")
    )


def _import_jobs(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(created_by_id=s.user_id)


def _applications(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_id_q("branch_id"))


def _step_records(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_id_q("application__branch_id"))


def _step_documents(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_id_q("record__application__branch_id"))


def _rule_sets(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs  # the rules are public: every user reads the version an application follows


def _digests(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(user_id=s.user_id)


def _meetings(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("organization__path"))


def _by_meeting(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("meeting__organization__path"))


def _appraisal_rows(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("appraisal__branch__path"))


def _follow_ups(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(s.org_q("grade__appraisal__branch__path"))


def register_scope_rules() -> None:
    scope.register(Member, _members)
    scope.register(MemberStatusChange, _by_member)
    scope.register(MobileMembership, _by_member)
    scope.register(Transfer, _transfers)
    scope.register(ImportJob, _import_jobs)
    scope.register(Application, _applications)
    scope.register(StepRecord, _step_records)
    scope.register(StepDocument, _step_documents)
    scope.register(RuleSet, _rule_sets)
    scope.register(DevelopmentDigest, _digests)
    scope.register(DuesStandard, _by_member)
    scope.register(DuesPayment, _by_member)
    scope.register(BranchMeeting, _meetings)
    scope.register(MeetingAttendance, _by_meeting)
    scope.register(MeetingAttachment, _by_meeting)
    scope.register(PartyPost, _meetings)
    scope.register(Appraisal, _applications)
    scope.register(AppraisalGrade, _appraisal_rows)
    scope.register(AppraisalFollowUp, _follow_ups)


def applications_progress(
    applications: Iterable[Application] | QuerySet[Application],
) -> dict[int, rules.Progress]:
    """Stage, next step, deadline and state of many applications, computed from their steps
    in two queries (the applications with their rule sets, and all their steps) however many
    there are."""
    if isinstance(applications, QuerySet):
        applications = applications.select_related("rule_set").prefetch_related(
            Prefetch("steps", queryset=StepRecord.objects.in_force().order_by("on", "id"))
        )
    # The django plugin cannot resolve the related manager it builds from StepRecordQuerySet.
    return {
        application.pk: rules.progress(application.rule_set, list(application.steps.all()))  # type: ignore[misc]
        for application in applications
    }
