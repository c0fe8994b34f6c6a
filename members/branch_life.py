"""A branch's recurring duties at a glance — dues arrears, meeting gaps, the six-month rule,
the committee's term and the organization's size rules (DESIGN.md §4 "Organization") — read
for the user's scope. The overview page, the secretaries' daily digest and the workbench's
to-dos call these functions; nothing here writes."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from members import dues
from members.dues_services import PAYING_STATUSES, collection_rates, dues_statuses
from members.meetings import REQUIRED, Kind, compliance_gaps, six_month_flags
from members.models import BranchMeeting, Member, PartyPost
from orgs import terms
from orgs.dates import add_months
from orgs.models import Organization
from orgs.scope import visible

BRANCH_KINDS = (Organization.Kind.BRANCH, Organization.Kind.JOINT_BRANCH)
BRANCH_MIN_FULL_MEMBERS = 3
COMMITTEE_MIN_FULL_MEMBERS = 7
BRANCH_MAX_MEMBERS = 50


def branches_of(user: Any) -> QuerySet[Organization]:
    """The branches inside the user's scope."""
    return visible(Organization.objects.filter(kind__in=BRANCH_KINDS), user).order_by("path")


def size_flags(*, members: int, full_members: int, has_committee: bool) -> list[str]:
    """What the organization rules say about a branch of this size."""
    flags = []
    if full_members < BRANCH_MIN_FULL_MEMBERS:
        flags.append(gettext("fewer than 3 full members: form a joint branch (of at most 5 units)"))
    if has_committee and full_members < COMMITTEE_MIN_FULL_MEMBERS:
        flags.append(gettext("a branch committee with fewer than 7 full members"))
    if members > BRANCH_MAX_MEMBERS:
        flags.append(gettext("more than 50 members: consider a general branch"))
    return flags


@dataclass
class BranchLife:
    """One branch's state on a day."""

    branch: Organization
    members: int
    full_members: int
    term_state: terms.TermState | None
    flags: list[str]
    arrears: dict[str, int] = field(default_factory=dict)
    gaps: list[Any] = field(default_factory=list)
    six_month: list[Any] = field(default_factory=list)
    collection_rate: Any = None


def branch_life(
    branches: Iterable[Organization], today: datetime.date | None = None
) -> list[BranchLife]:
    """The state of each branch: size and term, arrears at 3, 5 and 6 months, the year's
    meeting gaps, the six-month rule and last month's collection rate."""
    today = today or timezone.localdate()
    branches = list(branches)
    counts = {
        row["branch_id"]: row
        for row in Member.objects.filter(branch__in=branches, status__in=PAYING_STATUSES)
        .values("branch_id")
        .annotate(total=Count("pk"), full=Count("pk", filter=Q(category=Member.Category.FULL)))
    }
    committees = set(
        PartyPost.objects.filter(
            organization__in=branches,
            ended_on__isnull=True,
            post__in=PartyPost.COMMITTEE_POSTS,
        ).values_list("organization_id", flat=True)
    )
    last_month = add_months(dues.month_of(today), -1)
    rates = collection_rates(branches, last_month)
    rows = []
    for branch in branches:
        count = counts.get(branch.pk, {"total": 0, "full": 0})
        members = list(
            Member.objects.filter(branch__path__startswith=branch.path, status__in=PAYING_STATUSES)
        )
        statuses = dues_statuses(members, today)
        arrears = {level.value: 0 for level in dues.ArrearsLevel if level.value}
        for status in statuses.values():
            if status.level:
                arrears[status.level.value] += 1
        rows.append(
            BranchLife(
                branch=branch,
                members=count["total"],
                full_members=count["full"],
                term_state=terms.term_state(branch.term_end, today),
                flags=size_flags(
                    members=count["total"],
                    full_members=count["full"],
                    has_committee=branch.pk in committees,
                ),
                arrears=arrears,
                gaps=compliance_gaps(branch, datetime.date(today.year, 1, 1), today, today),
                six_month=six_month_flags(members, today),
                collection_rate=rates[branch.pk],
            )
        )
    return rows


def digest_lines(user: Any, today: datetime.date | None = None) -> list[str]:
    """The branch-life lines of a secretary's daily digest: members flagged for dues arrears
    or the six-month rule, meeting gaps of the last ended month or quarter, a term that ends
    within 6 months or has ended."""
    today = today or timezone.localdate()
    lines = []
    for row in branch_life(branches_of(user), today):
        name = row.branch.name
        flagged = {level: n for level, n in row.arrears.items() if n}
        for level, n in sorted(flagged.items()):
            lines.append(
                gettext("%(branch)s: %(count)d member(s) %(level)s months behind with dues")
                % {"branch": name, "count": n, "level": level}
            )
        for flag in row.six_month:
            lines.append(
                gettext("%(branch)s: %(name)s — %(reasons)s (six-month rule)")
                % {"branch": name, "name": flag.member.name, "reasons": "，".join(flag.reasons)}
            )
        recent = [gap for gap in row.gaps if add_months(gap.last, 3) > dues.month_of(today)]
        for gap in recent:
            lines.append(
                gettext("%(branch)s: no %(kind)s in %(period)s")
                % {"branch": gap.organization.name, "kind": gap.kind_label, "period": gap.period}
            )
        if row.term_state in (terms.TermState.DUE, terms.TermState.OVERDUE):
            assert row.branch.term_end is not None
            lines.append(
                gettext("%(branch)s: %(state)s (%(date)s)")
                % {
                    "branch": name,
                    "state": row.term_state.label,
                    "date": row.branch.term_end.isoformat(),
                }
            )
    return lines


# --- counts for the workbench's to-dos ----------------------------------------------------------


def arrears_count(user: Any, today: datetime.date | None = None) -> int:
    """Members of the user's branches at least 3 months behind with dues."""
    members = visible(Member.objects.filter(status__in=PAYING_STATUSES), user)
    return sum(1 for s in dues_statuses(members, today).values() if s.level)


def last_ended_period(months: int, today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last calendar period of ``months`` (month, quarter, year) that has ended by
    ``today``, as (first day, first day after it)."""
    current = dues.month_of(today)
    start = current.replace(month=(current.month - 1) // months * months + 1)
    return add_months(start, -months), start


def meeting_gap_count(user: Any, today: datetime.date | None = None) -> int:
    """Required meetings missing in the last ended period of each kind (month, quarter,
    year) in the user's branches and their party groups — two aggregate queries whatever the
    number of branches."""
    today = today or timezone.localdate()

    def missing(kind: str) -> Q:
        first, after = last_ended_period(REQUIRED[kind], today)
        held = BranchMeeting.objects.filter(
            organization=OuterRef("pk"), kind=kind, held_on__gte=first, held_on__lt=after
        )
        return ~Q(Exists(held))

    branches = branches_of(user)
    first, _after = last_ended_period(REQUIRED[Kind.COMMITTEE], today)
    committees = (
        Member.objects.filter(
            status__in=PAYING_STATUSES,
            category=Member.Category.FULL,
            full_membership_date__lte=first,
        )
        .values("branch")
        .annotate(n=Count("pk"))
        .filter(n__gte=COMMITTEE_MIN_FULL_MEMBERS)
        .values("branch")
    )
    counts = branches.aggregate(
        **{
            kind: Count(
                "pk",
                filter=missing(kind) & (Q(pk__in=committees) if kind == Kind.COMMITTEE else Q()),
            )
            for kind in REQUIRED
            if kind != Kind.GROUP
        }
    )
    groups = (
        visible(Organization.objects.filter(kind=Organization.Kind.PARTY_GROUP), user)
        .filter(parent__kind__in=BRANCH_KINDS)
        .aggregate(n=Count("pk", filter=missing(Kind.GROUP)))
    )
    return int(sum(counts.values()) + groups["n"])


def terms_due_count(user: Any, today: datetime.date | None = None) -> int:
    """Organizations of the user's scope whose term ends within 6 months or has ended."""
    today = today or timezone.localdate()
    return terms.terms_to_watch(visible(Organization.objects.all(), user), today).count()


def six_month_count(user: Any, today: datetime.date | None = None) -> int:
    """Members of the user's branches flagged under the six-month rule."""
    members = visible(Member.objects.filter(status__in=PAYING_STATUSES), user)
    return len(six_month_flags(members, today))
