"""Scoped reads of the liaison app, its scope rules, the enterprises and parks an officer's
current assignments add to their scope, and which workflow steps a user may take on a case."""

import datetime
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Expression,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison import rules
from liaison.models import (
    Assignment,
    Case,
    CaseEvent,
    DeadlineNotice,
    Decision,
    JointMeeting,
    Officer,
    SupervisionNote,
    Visit,
)
from liaison.rules import AWAITING_FEEDBACK, CLOSING_SATISFACTION
from orgs import scope
from orgs.models import Enterprise
from orgs.roles import ROLES
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


# Roles that supervise the industry joint meeting: they see every case escalated to it, from
# whichever park (committee staff usually see everything anyway through the committee's subtree).
JOINT_MEETING_ROLES = frozenset({"red_leader", "committee_staff"})


def officer_ids(s: Scope) -> list[int]:
    """The user's own officer record (as a list: none for most users), once per request."""
    return s.resolved(  # type: ignore[no-any-return]
        "liaison.officer_ids",
        lambda: list(Officer.objects.filter(user_id=s.user_id or 0).values_list("pk", flat=True)),
    )


def escalated_case_ids(s: Scope) -> list[int]:
    """Every case escalated to the joint meeting, resolved once per request."""
    return s.resolved(  # type: ignore[no-any-return]
        "liaison.escalated",
        lambda: list(
            CaseEvent.objects.filter(action="escalate").values_list("case_id", flat=True).distinct()
        ),
    )


def _case_q(s: Scope) -> Q:
    # Ids resolved up front: each half of the OR is an indexed look-up (a join to the officer or
    # a subquery inside an OR would scan every case).
    q = Q(enterprise_id__in=s.enterprise_ids) | Q(officer_id__in=officer_ids(s))
    if s.roles & JOINT_MEETING_ROLES:
        q |= Q(pk__in=escalated_case_ids(s))
    return q


def _cases(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(_case_q(s))


def _visible_case_ids(s: Scope) -> QuerySet[Any] | list[int]:
    """The cases the scope reaches, for the rules of the rows that hang on cases (meetings,
    decisions, events): a commissioner's few hundred ids resolved once per request, so that
    those rules look cases up by id instead of planning the case rule inside each subquery; for
    the joint meeting's roles, whose escalated cases may run to tens of thousands, a subquery."""
    visible_cases = Case.objects.filter(_case_q(s))
    if s.roles & JOINT_MEETING_ROLES:
        return visible_cases.values("pk")
    return s.resolved(  # type: ignore[no-any-return]
        "liaison.case_ids", lambda: list(visible_cases.values_list("pk", flat=True))
    )


def _meetings(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    """A meeting is seen by its convener, its attendees and whoever recorded it, and by those
    who see a case on its agenda or one of its decisions (so that a visible decision never
    belongs to a hidden meeting). Subqueries rather than joins: no duplicate rows to remove."""
    cases = _visible_case_ids(s)
    attended = JointMeeting.attendees.through.objects.filter(Q(officer__user_id=s.user_id))
    on_agenda = JointMeeting.cases.through.objects.filter(case_id__in=cases)
    decided = Decision.objects.filter(case_id__in=cases)
    return qs.filter(
        Q(created_by_id=s.user_id)
        | Q(convener__user_id=s.user_id)
        | Q(pk__in=attended.values("jointmeeting_id"))
        | Q(pk__in=on_agenda.values("jointmeeting_id"))
        | Q(pk__in=decided.values("meeting_id"))
    )


def _decisions(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    """The decisions of the meetings the user sees (which include every meeting that decided on
    a case the user sees)."""
    return qs.filter(meeting_id__in=_meetings(JointMeeting.objects.all(), s).values("pk"))


def _visits(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(Q(enterprise_id__in=s.enterprise_ids) | Q(officer_id__in=officer_ids(s)))


def _case_events(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(case_id__in=_visible_case_ids(s))


def _supervision_notes(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(decision__in=_decisions(Decision.objects.all(), s).values("pk"))


def _deadline_notices(qs: QuerySet[Any], s: Scope) -> QuerySet[Any]:
    return qs.filter(
        Q(case_id__in=_visible_case_ids(s))
        | Q(decision__in=_decisions(Decision.objects.all(), s).values("pk"))
    )


def register_scope_rules() -> None:
    scope.register_provider(officer_scope)
    scope.register(Officer, _officers)
    scope.register(Assignment, _assignments)
    scope.register(Case, _cases)
    scope.register(JointMeeting, _meetings)
    scope.register(Decision, _decisions)
    scope.register(Visit, _visits)
    scope.register(CaseEvent, _case_events)
    scope.register(SupervisionNote, _supervision_notes)
    scope.register(DeadlineNotice, _deadline_notices)


# --- cases shown inside other rows -------------------------------------------------------------

# What a page or payload shows instead of the title of a case the user may not see.
OUT_OF_SCOPE_CASE = _("a case outside your scope")


def case_scope_flag(user: Any, case_field: str = "pk") -> Expression:
    """An annotation telling, row by row, whether ``user`` may see the case in ``case_field``:
    a case shown inside a visible row (a meeting's agenda, a decision) is named only when it is
    in the user's own scope. A subquery of the scope rule, so a page costs no extra query."""
    if scope.scope_for(user).unrestricted:
        return Value(True)
    s = scope.scope_for(user)
    if s.user_id is None:
        return Value(False)
    ids = _visible_case_ids(s)
    return ExpressionWrapper(Q(**{f"{case_field}__in": ids}), output_field=BooleanField())


# --- the workflow: who may take which step ----------------------------------------------------


def workflow_roles(user: Any) -> frozenset[str]:
    """The roles ``user`` acts in (a superuser in all of them), from the request's scope."""
    if user is None or not user.is_authenticated:
        return frozenset()
    if user.is_superuser and user.is_active:
        return frozenset(ROLES)
    return scope.scope_for(user).roles


def handled_by(case: Case, user: Any) -> bool:
    """Whether ``user`` handled ``case``: they are its officer or took one of its handling
    steps (registration, grading, routing, work, answer)."""
    steps = CaseEvent.objects.filter(
        case_id=case.pk, actor_id=user.pk, action__in=rules.HANDLING_ACTIONS
    )
    return (
        Case.objects.filter(pk=case.pk)
        .filter(Q(officer__user_id=user.pk) | Q(pk__in=steps.values("case_id")))
        .exists()
    )


def case_actions(*, case: Case, user: Any) -> list[str]:
    """The workflow actions ``user`` may take on ``case`` now, in table order: those the case's
    status allows, whose party the user belongs to, whose precondition holds, and — for a
    reviewer's step — only if the user did not handle the case."""
    roles = workflow_roles(user)
    actions = [
        action
        for action in rules.allowed_actions(case.status)
        if rules.may_take(action, roles) and rules.precondition_refusal(action, case) is None
    ]
    reviews = {a for a in actions if rules.TRANSITIONS[a].party is rules.Party.REVIEWER}
    if reviews and handled_by(case, user):
        actions = [a for a in actions if a not in reviews]
    return actions


def _statuses_of(party: rules.Party) -> list[str]:
    """The statuses from which ``party`` has a step in the transition table."""
    found: set[str] = set()
    for rule in rules.TRANSITIONS.values():
        if rule.party is party:
            found |= rule.sources
    return sorted(found)


def cases_awaiting(cases: QuerySet[Case], user: Any) -> QuerySet[Case]:
    """The cases (of an already scoped queryset) whose next step, by the transition table, is
    ``user``'s: a handler's step on a case they are the officer of, or a reviewer's step (the
    return visit, closing or reopening) on a case they did not handle. The supervisor's steps
    (approving an extension, closing by a decision) are taken when asked, so they await no one."""
    roles = workflow_roles(user)
    q = Q(pk__in=[])
    if rules.party_roles(rules.Party.HANDLER) & roles:
        q |= Q(status__in=_statuses_of(rules.Party.HANDLER), officer__user_id=user.pk)
    if rules.party_roles(rules.Party.REVIEWER) & roles:
        handled = CaseEvent.objects.filter(actor_id=user.pk, action__in=rules.HANDLING_ACTIONS)
        q |= (
            Q(status__in=_statuses_of(rules.Party.REVIEWER))
            & ~Q(officer__user_id=user.pk)
            & ~Q(pk__in=handled.values("case_id"))
        )
    return cases.filter(q)


# --- visits -----------------------------------------------------------------------------------


def visit_cutoff(on: datetime.date | None = None) -> datetime.date:
    """Visits before this day no longer count: ``DANGJIAN_VISIT_PERIOD_DAYS`` back from ``on``."""
    day = on or timezone.localdate()
    return day - datetime.timedelta(days=settings.DANGJIAN_VISIT_PERIOD_DAYS)


def last_visit_subquery() -> Subquery:
    """The date of an enterprise's latest visit, for annotating rows that carry an
    ``enterprise_id``."""
    return Subquery(
        Visit.objects.filter(enterprise_id=OuterRef("enterprise_id"))
        .values("enterprise_id")
        .annotate(last=Max("visited_on"))
        .values("last")[:1]
    )


def enterprises_due_for_visit(
    enterprises: QuerySet[Enterprise], on: datetime.date | None = None
) -> QuerySet[Enterprise]:
    """Enterprises (of the given, already scoped, queryset) with a current assignment and no
    visit within the visit period, annotated with ``last_visited_on`` (None: never visited)."""
    day = on or timezone.localdate()
    assigned = current_assignments(day).filter(enterprise__isnull=False).values("enterprise_id")
    return (
        enterprises.filter(pk__in=assigned)
        .annotate(last_visited_on=Max("visits__visited_on"))
        .filter(Q(last_visited_on__isnull=True) | Q(last_visited_on__lt=visit_cutoff(day)))
        .order_by("last_visited_on", "name")
    )


# --- figures ----------------------------------------------------------------------------------


@dataclass
class FigureRow:
    """The figures of one group of cases; rates are ``None`` when their denominator is 0."""

    key: str
    total: int = 0
    due: int = 0
    answered_in_time: int = 0
    closed: int = 0
    revisited: int = 0
    satisfied: int = 0
    overdue: int = 0
    hours_to_close: list[float] = field(default_factory=list)

    @staticmethod
    def _ratio(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def response_rate(self) -> float | None:
        return self._ratio(self.answered_in_time, self.due)

    @property
    def resolution_rate(self) -> float | None:
        return self._ratio(self.closed, self.total)

    @property
    def satisfaction_rate(self) -> float | None:
        return self._ratio(self.satisfied, self.revisited)

    @property
    def average_hours_to_close(self) -> float | None:
        values = self.hours_to_close
        return sum(values) / len(values) if values else None

    @property
    def p90_hours_to_close(self) -> float | None:
        values = sorted(self.hours_to_close)
        if not values:
            return None
        return values[math.ceil(0.9 * len(values)) - 1]


FIGURE_GROUPS = ("commissioner", "park", "category", "month")


def case_figures(
    cases: QuerySet[Case], *, now: datetime.datetime | None = None
) -> dict[str, list[FigureRow]]:
    """Case figures of the given (already scoped) cases, overall (key ``"total"``) and grouped
    by commissioner, park, category and month of registration (local time).

    Definitions, for each group:

    * a case is **due** when it has a feedback deadline that has passed at ``now`` or it has
      been answered; it is **answered in time** when its first answer came at or before its
      (possibly extended) deadline. **Response rate** = answered in time / due.
    * **Resolution rate** = closed cases / all cases.
    * **Satisfaction rate** = cases whose latest return visit found the enterprise satisfied or
      basically satisfied / cases with a return visit.
    * **Time to close** = closed_at − registered_at in hours, over closed cases: the mean, and
      the 90th percentile by the nearest-rank method (the ⌈0.9·n⌉-th smallest value).
    * **Overdue** = cases still awaiting feedback whose deadline has passed at ``now``.
    """
    now = now or timezone.now()
    categories = dict(Case.Category.choices)
    keys: dict[str, Callable[[Mapping[str, Any]], str]] = {
        "commissioner": lambda r: r["officer__name"],
        "park": lambda r: r["enterprise__park__name"] or "—",
        "category": lambda r: str(categories.get(r["category"], r["category"])),
        "month": lambda r: timezone.localtime(r["registered_at"]).strftime("%Y-%m"),
    }
    groups: dict[str, dict[str, FigureRow]] = {name: {} for name in FIGURE_GROUPS}
    total = FigureRow(key="total")
    rows = cases.order_by().values(
        "officer__name",
        "enterprise__park__name",
        "category",
        "registered_at",
        "status",
        "due_at",
        "answered_at",
        "closed_at",
        "satisfaction",
    )
    for row in rows:
        targets = [total]
        for name, key_of in keys.items():
            key = key_of(row)
            targets.append(groups[name].setdefault(key, FigureRow(key=key)))
        due_at, answered_at = row["due_at"], row["answered_at"]
        due = due_at is not None and (due_at <= now or answered_at is not None)
        in_time = due and answered_at is not None and due_at is not None and answered_at <= due_at
        closed_at = row["closed_at"] if row["status"] == Case.Status.CLOSED else None
        overdue = row["status"] in AWAITING_FEEDBACK and due_at is not None and due_at < now
        for target in targets:
            target.total += 1
            target.due += due
            target.answered_in_time += in_time
            target.revisited += bool(row["satisfaction"])
            target.satisfied += row["satisfaction"] in CLOSING_SATISFACTION
            target.overdue += overdue
            if closed_at is not None:
                target.closed += 1
                seconds = (closed_at - row["registered_at"]).total_seconds()
                target.hours_to_close.append(seconds / 3600)
    result: dict[str, list[FigureRow]] = {"total": [total]}
    for name in FIGURE_GROUPS:
        result[name] = sorted(groups[name].values(), key=lambda r: r.key)
    return result
