"""The members demo's organizational life: a year of meetings for every branch, recorded
through :func:`members.meetings.meeting_record` with their exceptions.

Every branch holds a theme party day each month, a general meeting and a party lecture each
quarter, the organizational-life meeting in December, and — where it has a committee — a
committee meeting each month; the last branch falls behind from July 2026 (no theme days, no
committee meetings, no third-quarter lecture). The members six months behind with dues have
also stayed away from every meeting since May 2026. A meeting already on file is skipped, so a
second run writes nothing.
"""

import datetime
from typing import Any

from members.demo.dues import FIRST_MONTH, LAST_MONTH, paid_to
from members.demo.roster import MemberPlan
from members.dues_services import PAYING_STATUSES
from members.meetings import has_committee, meeting_record
from members.models import BranchMeeting, MeetingAttendance, Member
from orgs.dates import add_months
from orgs.models import Organization, Position

Kind = BranchMeeting.Kind
BEHIND_FROM = datetime.date(2026, 7, 1)
AWAY_FROM = datetime.date(2026, 5, 1)
TOPICS = {
    Kind.THEME_DAY: "主题党日：亮身份、做表率，党员主播诚信带货",
    Kind.COMMITTEE: "支委会：研究本月党员教育和党费收缴",
    Kind.GENERAL_MEETING: "支部党员大会：通报支部工作，讨论发展党员",
    Kind.LECTURE: "党课：学习党章，做合格党员",
    Kind.ORG_LIFE: "组织生活会暨民主评议党员",
}
# kind → (months of the year it is held, day of the month)
SCHEDULE = {
    Kind.COMMITTEE: (range(1, 13), 5),
    Kind.THEME_DAY: (range(1, 13), 8),
    Kind.GENERAL_MEETING: ((3, 6, 9, 12), 20),
    Kind.LECTURE: ((3, 6, 9, 12), 22),
    Kind.ORG_LIFE: ((12,), 26),
}


def _skipped(behind: bool, kind: str, on: datetime.date) -> bool:
    if not behind or on < BEHIND_FROM:
        return False
    return kind in (Kind.THEME_DAY, Kind.COMMITTEE) or (kind == Kind.LECTURE and on.month == 9)


def build_meetings(
    plans: list[MemberPlan], members: list[Member], branches: list[Organization], actor: Any
) -> None:
    """The demo year's meetings of every branch, with their attendance."""
    away = {
        member.pk
        for index, (plan, member) in enumerate(zip(plans, members, strict=True))
        if paid_to(index, plan) < AWAY_FROM
    }
    on_leave = {member.pk for index, member in enumerate(members) if index % 9 == 4}
    hosts = {plan.branch: plan.name for plan in plans if plan.party_posts == "支部书记"}
    held = set(BranchMeeting.objects.values_list("organization_id", "kind", "held_on"))
    for number, branch in enumerate(branches):
        behind = number == len(branches) - 1
        position = Position.objects.filter(organization=branch).order_by("pk").first()
        committee = has_committee(branch, LAST_MONTH)
        roster = list(
            Member.objects.filter(branch=branch, status__in=PAYING_STATUSES).values_list(
                "pk", "admission_date"
            )
        )
        month = FIRST_MONTH
        while month <= LAST_MONTH:
            for kind, (months, day) in SCHEDULE.items():
                on = month.replace(day=day)
                if month.month not in months or _skipped(behind, kind, on):
                    continue
                if kind == Kind.COMMITTEE and not committee:
                    continue
                if (branch.pk, kind, on) in held:
                    continue
                exceptions = {
                    pk: (MeetingAttendance.Status.ABSENT, "") for pk in away if on >= AWAY_FROM
                }
                if on.month % 2:
                    exceptions.update(
                        {pk: (MeetingAttendance.Status.LEAVE, "外出直播带货") for pk in on_leave}
                    )
                expected = {pk for pk, admitted in roster if admitted <= on}
                meeting_record(
                    meeting=BranchMeeting(
                        organization=branch,
                        kind=kind,
                        held_on=on,
                        topic=TOPICS[kind],
                        position=position,
                        place="" if position else branch.name,
                        host=hosts.get(number, ""),
                        minutes=f"{branch.name}{on:%Y年%m月%d日}{Kind(kind).label}记录。",
                    ),
                    exceptions={pk: v for pk, v in exceptions.items() if pk in expected},
                    actor=actor,
                )
            month = add_months(month, 1)
