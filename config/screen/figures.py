"""The big screen's figures, committee-wide, each panel from one selector with a fixed number of
aggregate queries (the whole snapshot takes :data:`QUERIES`, pinned by a test), whatever the
number of members or cases.

Each panel is an entry of :data:`PANELS`. A panel without a selector is marked unavailable in
the snapshot and the screen shows 暂无数据; giving it a selector is all it takes to fill it.

Nothing here names a person: counts by branch, stage, status and month, and case titles with
their enterprise.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from liaison.models import Case
from liaison.selectors import case_figures
from members import dues
from members.dues_services import collection_rates
from members.meetings import MONTH, REQUIRED
from members.models import Application, BranchMeeting, Member, TrainingAttendance
from members.rules import IN_GOOD_STANDING
from merchants.models import SalesReport, Shop, Streamer
from merchants.selectors import valid_plaques, with_integrity
from orgs.dates import add_months
from orgs.models import AllianceMembership, Organization, Park

HEAD_STREAMER_FOLLOWERS = 1_000_000
TREND_MONTHS = 12
TICKER_CASES = 10
BRANCH_KINDS = (Organization.Kind.BRANCH, Organization.Kind.JOINT_BRANCH)


def _totals(now: datetime.datetime) -> dict[str, Any]:
    year = timezone.localdate(now).year
    members = Member.objects.filter(status__in=IN_GOOD_STANDING).aggregate(
        full=Count("pk", filter=Q(category=Member.Category.FULL)),
        probationary=Count("pk", filter=Q(category=Member.Category.PROBATIONARY)),
        full_this_year=Count("pk", filter=Q(full_membership_date__year=year)),
    )
    orgs = Organization.objects.aggregate(branches=Count("pk", filter=Q(kind__in=BRANCH_KINDS)))
    parks = Park.objects.aggregate(parks=Count("pk"))
    alliance = AllianceMembership.objects.aggregate(enterprises=Count("enterprise", distinct=True))
    streamers = Streamer.objects.aggregate(
        streamers=Count("pk"),
        head=Count("pk", filter=Q(followers__gte=HEAD_STREAMER_FOLLOWERS)),
        member_streamers=Count("pk", filter=Q(member__isnull=False)),
        followers=Sum("followers", default=0),
    )
    shops = with_integrity(Shop.objects.all()).aggregate(
        shops=Count("pk"), integrity_shops=Count("pk", filter=Q(is_integrity_shop=True))
    )
    return {
        "members_full": members["full"],
        "members_probationary": members["probationary"],
        "members_full_this_year": members["full_this_year"],
        "branches": orgs["branches"],
        "parks": parks["parks"],
        "alliance_enterprises": alliance["enterprises"],
        "streamers": streamers["streamers"],
        "head_streamers": streamers["head"],
        "member_streamers": streamers["member_streamers"],
        "followers": streamers["followers"],
        "shops": shops["shops"],
        "integrity_shops": shops["integrity_shops"],
    }


def _members_by_branch(now: datetime.datetime) -> list[list[Any]]:
    rows = (
        Member.objects.filter(status__in=IN_GOOD_STANDING)
        .values_list("branch__name")
        .annotate(total=Count("pk"))
        .order_by("-total", "branch__name")
    )
    return [[name, total] for name, total in rows]


def _development(now: datetime.datetime) -> list[list[Any]]:
    """The funnel: open applications at each stage (applicants, activists, candidates — stage 3
    and the admission steps of stage 4 —, probationary members awaiting conversion), then the
    members who became full members this calendar year."""
    stages = dict(
        Application.objects.filter(outcome=Application.Outcome.OPEN)
        .values_list("stage")
        .annotate(total=Count("pk"))
        .order_by()
    )
    year = timezone.localdate(now).year
    converted = Member.objects.filter(
        status__in=IN_GOOD_STANDING, full_membership_date__year=year
    ).count()
    S = Application.Stage
    return [
        ["applicants", stages.get(S.APPLICANT, 0)],
        ["activists", stages.get(S.ACTIVIST, 0)],
        ["candidates", stages.get(S.CANDIDATE, 0) + stages.get(S.ADMISSION, 0)],
        ["probationary", stages.get(S.CONVERSION, 0)],
        ["full_this_year", converted],
    ]


def _months(now: datetime.datetime) -> list[str]:
    today = timezone.localdate(now)
    months = []
    year, month = today.year, today.month
    for _step in range(TREND_MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _cases(now: datetime.datetime) -> dict[str, Any]:
    """Cases by status, the rates of :func:`liaison.selectors.case_figures` over all cases, and
    the cases registered and closed in each of the last 12 months."""
    statuses = dict(Case.objects.values_list("status").annotate(total=Count("pk")).order_by())
    months = _months(now)
    figures = case_figures(Case.objects.all(), now=now)
    total = figures["total"][0]
    recent = {row.key: row for row in figures["month"] if row.key >= months[0]}
    return {
        "by_status": [[status, statuses.get(status, 0)] for status in Case.Status.values],
        "total": total.total,
        "response_rate": total.response_rate,
        "resolution_rate": total.resolution_rate,
        "satisfaction_rate": total.satisfaction_rate,
        # [month, registered that month, of them closed]
        "trend": [
            [month, recent[month].total, recent[month].closed] if month in recent else [month, 0, 0]
            for month in months
        ],
    }


def _ticker(now: datetime.datetime) -> list[list[str]]:
    rows = (
        Case.objects.filter(status=Case.Status.CLOSED, closed_at__isnull=False)
        .order_by("-closed_at", "-pk")
        .values_list("enterprise__name", "title")[:TICKER_CASES]
    )
    return [[enterprise, title] for enterprise, title in rows]


def _plaques(now: datetime.datetime) -> int:
    """Plaques valid today (:func:`merchants.selectors.valid_plaques`)."""
    return valid_plaques(timezone.localdate(now)).count()


def _dues_by_branch(now: datetime.datetime) -> dict[str, Any]:
    """Each branch's dues of the last ended month: members who paid, members who owe, and the
    rate in percent (:func:`members.dues_services.collection_rates`)."""
    month = add_months(dues.month_of(timezone.localdate(now)), -1)
    branches = list(Organization.objects.filter(kind__in=BRANCH_KINDS).order_by("path"))
    rates = collection_rates(branches, month)
    return {
        "month": f"{month:%Y-%m}",
        # [branch, paid, owing, rate in percent]
        "rows": [
            [b.name, rates[b.pk].paid, rates[b.pk].owing, str(rates[b.pk].rate)] for b in branches
        ],
    }


def _member_streamer_sales(now: datetime.datetime) -> list[list[str]]:
    """The GMV reported for party-member streamers in each of the last 12 months, in yuan."""
    months = _months(now)
    first = datetime.date.fromisoformat(f"{months[0]}-01")
    totals = {
        f"{month:%Y-%m}": total
        for month, total in SalesReport.objects.filter(
            streamer__member__isnull=False, day__gte=first
        )
        .annotate(month=TruncMonth("day"))
        .values_list("month")
        .annotate(total=Sum("gmv"))
        .order_by("month")
    }
    return [[month, str(totals.get(month, Decimal(0)).quantize(dues.FEN))] for month in months]


# The meetings every branch owes each period whatever its size (a branch committee and party
# groups depend on the branch, so they are left to its own compliance page).
EVERY_BRANCH = (
    BranchMeeting.Kind.GENERAL_MEETING,
    BranchMeeting.Kind.LECTURE,
    BranchMeeting.Kind.THEME_DAY,
)


def _meetings_this_quarter(now: datetime.datetime) -> dict[str, Any]:
    """For each meeting every branch owes (:data:`EVERY_BRANCH`, at the frequency of
    :data:`members.meetings.REQUIRED`), the periods of this quarter begun so far: how many
    branch-periods held such a meeting, of how many owed (branches × periods)."""
    today = timezone.localdate(now)
    first = datetime.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    months = [add_months(first, n) for n in range(today.month - first.month + 1)]
    held = Q(held_on__gte=first, held_on__lte=today)
    counts: dict[str, Any] = {}
    for kind in EVERY_BRANCH:
        # A monthly kind counts each month's branches apart; a quarterly one the quarter's.
        spans = months if REQUIRED[kind] == MONTH else [first]
        for n, start in enumerate(spans):
            end = add_months(start, 1 if REQUIRED[kind] == MONTH else 3)
            counts[f"{kind}_{n}"] = Count(
                "organization",
                distinct=True,
                filter=Q(kind=kind, held_on__gte=start, held_on__lt=end),
            )
    done = BranchMeeting.objects.filter(held, organization__kind__in=BRANCH_KINDS).aggregate(
        **counts
    )
    branches = Organization.objects.filter(kind__in=BRANCH_KINDS).count()
    rows = []
    for kind in EVERY_BRANCH:
        periods = len(months) if REQUIRED[kind] == MONTH else 1
        held_count = sum(done[f"{kind}_{n}"] for n in range(periods))
        rows.append([kind.value, held_count, branches * periods])
    return {"quarter": f"{today.year}Q{(today.month - 1) // 3 + 1}", "rows": rows}


def _training_attendance(now: datetime.datetime) -> dict[str, Any]:
    """This calendar year's training: sessions with attendance, attendances recorded (a person
    at two sessions counts twice) and class hours attended."""
    year = timezone.localdate(now).year
    figures = TrainingAttendance.objects.filter(session__held_on__year=year).aggregate(
        sessions=Count("session", distinct=True),
        attendances=Count("pk"),
        hours=Sum("hours", default=0),
    )
    return {"year": year, **figures}


@dataclass(frozen=True)
class Panel:
    """One panel of the screen; ``selector`` is ``None`` until the system holds its data."""

    key: str
    selector: Callable[[datetime.datetime], Any] | None
    queries: int = 0


PANELS: tuple[Panel, ...] = (
    Panel("totals", _totals, queries=6),
    Panel("members_by_branch", _members_by_branch, queries=1),
    Panel("development", _development, queries=2),
    Panel("cases", _cases, queries=2),
    Panel("ticker", _ticker, queries=1),
    Panel("plaques", _plaques, queries=1),
    Panel("dues_by_branch", _dues_by_branch, queries=3),
    Panel("meetings_this_quarter", _meetings_this_quarter, queries=2),
    Panel("member_streamer_sales", _member_streamer_sales, queries=1),
    Panel("training_attendance", _training_attendance, queries=1),
)

QUERIES = sum(panel.queries for panel in PANELS)
PAYLOAD_VERSION = 1


def screen_figures(*, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Every panel's figures as JSON-ready data: ``{"version", "panels": {key: {"available",
    "data"}}}``."""
    now = now or timezone.now()
    panels: dict[str, dict[str, Any]] = {}
    for panel in PANELS:
        if panel.selector is None:
            panels[panel.key] = {"available": False, "data": None}
        else:
            panels[panel.key] = {"available": True, "data": panel.selector(now)}
    return {"version": PAYLOAD_VERSION, "panels": panels}
