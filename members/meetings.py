"""Organizational life (组织生活, 三会一课, DESIGN.md §4): how often each kind of meeting is
required, recording meetings with their attendance ("all present", then the exceptions), the
compliance of a branch over a period — every period without its required meeting is a gap —
and the six-month rule (党章 Art. 9): a member absent without leave for 6 months running, or 6
months behind with dues, is flagged.

The frequencies (:data:`REQUIRED`): general meeting quarterly, branch committee monthly (for a
branch that has a committee, i.e. at least 7 full members), party group monthly (each party
group under the branch), party lecture quarterly, theme party day monthly, organizational-life
meeting yearly. A period counts once it has ended.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members import dues
from members.dues_services import PAYING_STATUSES, dues_statuses
from members.models import BranchMeeting, MeetingAttendance, Member
from orgs.dates import add_months
from orgs.models import Organization

Kind = BranchMeeting.Kind
MONTH, QUARTER, YEAR = 1, 3, 12
# kind → months per period in which at least one such meeting is required
REQUIRED: dict[str, int] = {
    Kind.GENERAL_MEETING: QUARTER,
    Kind.COMMITTEE: MONTH,
    Kind.GROUP: MONTH,
    Kind.LECTURE: QUARTER,
    Kind.THEME_DAY: MONTH,
    Kind.ORG_LIFE: YEAR,
}
COMMITTEE_MIN_FULL_MEMBERS = 7
SIX_MONTHS = 6


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def expected_members(organization: Organization, on: datetime.date) -> QuerySet[Member]:
    """The members expected at a meeting of ``organization`` (and the groups below it):
    on the roster, here or as mobile members, admitted by the meeting's date."""
    return Member.objects.filter(
        branch__path__startswith=organization.path,
        status__in=PAYING_STATUSES,
        admission_date__lte=on,
    ).order_by("name", "pk")


@transaction.atomic
def meeting_record(
    *,
    meeting: BranchMeeting,
    exceptions: dict[int, tuple[str, str]] | None = None,
    actor: Any,
) -> BranchMeeting:
    """Save a meeting; on first save every expected member is recorded present, except those
    in ``exceptions`` (member id → status, reason). A leave needs its reason; a member outside
    the meeting's organization cannot be listed."""
    meeting.full_clean()
    creating = meeting.pk is None
    if creating:
        meeting.created_by = _user(actor)
    meeting.save()
    if creating:
        meeting_fill_attendance(meeting=meeting, exceptions=exceptions or {}, new=True)
    elif exceptions:
        for member_id, (status, reason) in exceptions.items():
            attendance_set(
                meeting=meeting, member_id=member_id, status=status, reason=reason, actor=actor
            )
    return meeting


def check_attendance(status: str, reason: str) -> None:
    """A status from the list; a leave with its reason."""
    if status not in MeetingAttendance.Status.values:
        raise ValidationError({"status": _("Choose present, on leave or absent.")})
    if status == MeetingAttendance.Status.LEAVE and not reason.strip():
        raise ValidationError({"reason": _("A leave needs its reason.")})


def meeting_fill_attendance(
    *, meeting: BranchMeeting, exceptions: dict[int, tuple[str, str]], new: bool = False
) -> list[MeetingAttendance]:
    """Everyone expected and not yet listed (nobody is, for a ``new`` meeting): present, or
    as ``exceptions`` say."""
    expected = {m.pk: m for m in expected_members(meeting.organization, meeting.held_on)}
    unknown = set(exceptions) - set(expected)
    if unknown:
        raise ValidationError(
            {"attendance": _("Only members of the meeting's organization can be listed.")}
        )
    for status, reason in exceptions.values():
        check_attendance(status, reason)
    listed = set() if new else set(meeting.attendance.values_list("member_id", flat=True))
    rows = []
    for pk, member in expected.items():
        if pk in listed:
            continue
        status, reason = exceptions.get(pk, (MeetingAttendance.Status.PRESENT, ""))
        # With the member itself, not its id: the audit names each row without a query.
        rows.append(MeetingAttendance(meeting=meeting, member=member, status=status, reason=reason))
    return MeetingAttendance.objects.bulk_create(rows)


@transaction.atomic
def attendance_set(
    *, meeting: BranchMeeting, member_id: int, status: str, reason: str, actor: Any
) -> MeetingAttendance:
    """Correct one member's attendance."""
    check_attendance(status, reason)
    if not expected_members(meeting.organization, meeting.held_on).filter(pk=member_id).exists():
        raise ValidationError(
            {"attendance": _("Only members of the meeting's organization can be listed.")}
        )
    row, _created = MeetingAttendance.objects.get_or_create(meeting=meeting, member_id=member_id)
    row.status, row.reason = status, reason if status == MeetingAttendance.Status.LEAVE else ""
    row.save()
    return row


# --- compliance ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A period of an organization without a meeting its kind requires."""

    organization: Organization
    kind: str
    first: datetime.date
    last: datetime.date

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def period(self) -> str:
        if self.first.month == 1 and self.last.month == 12:
            return f"{self.first:%Y}"
        if self.first == self.last:
            return f"{self.first:%Y-%m}"
        return f"{self.first:%Y-%m}—{self.last:%Y-%m}"


def _periods(
    months: int, first: datetime.date, last: datetime.date, today: datetime.date
) -> list[tuple[datetime.date, datetime.date]]:
    """The calendar periods (month, quarter, year) overlapping ``first``–``last`` that have
    ended by ``today``, as (first month, last month)."""
    start = dues.month_of(first)
    start = start.replace(month=(start.month - 1) // months * months + 1)
    periods = []
    while start <= last:
        end = add_months(start, months - 1)
        if add_months(end, 1) <= today:
            periods.append((start, end))
        start = add_months(start, months)
    return periods


def has_committee(branch: Organization, on: datetime.date) -> bool:
    full = Member.objects.filter(
        branch=branch, status__in=PAYING_STATUSES, category=Member.Category.FULL
    ).filter(full_membership_date__lte=on)
    return full.count() >= COMMITTEE_MIN_FULL_MEMBERS


def compliance_gaps(
    branch: Organization,
    first: datetime.date,
    last: datetime.date,
    today: datetime.date | None = None,
) -> list[Gap]:
    """Every ended period of ``first``–``last`` in which the branch (or one of its party
    groups, for group meetings) held no meeting of a required kind."""
    today = today or timezone.localdate()
    groups = list(branch.children.filter(kind=Organization.Kind.PARTY_GROUP).order_by("path"))
    held: dict[tuple[int, str], list[datetime.date]] = defaultdict(list)
    meetings = BranchMeeting.objects.filter(
        organization__in=[branch, *groups],
        held_on__gte=dues.month_of(first).replace(month=1),
        held_on__lt=add_months(dues.month_of(last), 12),
    ).values_list("organization_id", "kind", "held_on")
    for organization_id, kind, held_on in meetings:
        held[(organization_id, kind)].append(held_on)
    gaps = []
    for kind, months in REQUIRED.items():
        if kind == Kind.COMMITTEE and not has_committee(branch, last):
            continue
        organizations = groups if kind == Kind.GROUP else [branch]
        for organization in organizations:
            dates = held[(organization.pk, kind)]
            for start, end in _periods(months, first, last, today):
                if not any(start <= d < add_months(end, 1) for d in dates):
                    gaps.append(Gap(organization, kind, start, end))
    return sorted(gaps, key=lambda g: (g.first, list(REQUIRED).index(g.kind)))


# --- the six-month rule ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SixMonthFlag:
    """A member who has been away from organizational life, or has not paid dues, for 6
    months running (党章 Art. 9)."""

    member: Member
    absent_months: int
    arrears_months: int

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.absent_months >= SIX_MONTHS:
            reasons.append(str(_("absent without leave for 6 months")))
        if self.arrears_months >= SIX_MONTHS:
            reasons.append(str(_("6 months without dues")))
        return reasons


def absent_months(attendance: Sequence[tuple[datetime.date, str]], today: datetime.date) -> int:
    """Whole months since the member last attended or was excused, counting only when they
    were absent without leave from a meeting since (0 otherwise)."""
    attended = [on for on, status in attendance if status != MeetingAttendance.Status.ABSENT]
    since = max(attended) if attended else None
    absences = [
        on
        for on, status in attendance
        if status == MeetingAttendance.Status.ABSENT and (since is None or on > since)
    ]
    if not absences:
        return 0
    start = since or min(absences)
    return dues.months_between(dues.month_of(start), dues.month_of(today)) - (
        0 if since is None else 1
    )


def six_month_flags(
    members: Iterable[Member], today: datetime.date | None = None
) -> list[SixMonthFlag]:
    """The members to flag under the six-month rule, with both counts, in three queries."""
    today = today or timezone.localdate()
    members = list(members)
    attendance: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for member_id, held_on, status in MeetingAttendance.objects.filter(
        member__in=members
    ).values_list("member_id", "meeting__held_on", "status"):
        attendance[member_id].append((held_on, status))
    statuses = dues_statuses(members, today)
    flags = []
    for member in members:
        absent = absent_months(attendance[member.pk], today)
        arrears = statuses[member.pk].arrears_months
        if absent >= SIX_MONTHS or arrears >= SIX_MONTHS:
            flags.append(SixMonthFlag(member, absent, arrears))
    return flags
