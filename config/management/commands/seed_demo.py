"""``manage.py seed_demo``: build the Lanshan live-commerce party-building demo.

The data mirrors the source story (DESIGN.md §2): one industry committee with 12 park branches
and 120 members (plus the streamer applicants it admitted), 15 bases, a 20-enterprise alliance,
7 positions, a red-leader secretary and 36 commissioners with their enterprises, shops (16
integrity shops with plaques, one suspended after complaints), 40 streamers, and a few months
of liaison work.

Each app builds its own part (``orgs.demo``, ``members.demo``, ``merchants.demo``,
``liaison.demo``) through its services; this command only composes them. It plans first,
drawing every random value from one ``Random(SEED)`` in a fixed order (see
:mod:`orgs.demo.kit`), then writes in dependency order — orgs, members, merchants, liaison — in
one transaction, and prints the counts and the demo logins. A second run writes nothing.
"""

import random
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import translation

from liaison.demo import build as liaison_build
from liaison.demo import plan as liaison_plan
from liaison.models import (
    Assignment,
    Case,
    CaseEvent,
    Decision,
    JointMeeting,
    Officer,
    SupervisionNote,
    Visit,
)
from members.demo.appraisals import build_appraisals
from members.demo.development import build_development
from members.demo.dues import build_admitted_dues, build_dues
from members.demo.meetings import build_meetings
from members.demo.posts import build_posts
from members.demo.roster import MemberPlan, build_roster, plan_members
from members.demo.training import build_training
from members.models import Member, TrainingAttendance, TrainingSession
from merchants import demo as merchants_demo
from merchants.models import Complaint, Plaque, PositionBooking, Shop, Streamer, TalentAward
from merchants.selectors import integrity_shops
from orgs.audit import acting_as
from orgs.demo import build as orgs_build
from orgs.demo.data import ALLIANCE_NAME, COMMITTEE_CODE
from orgs.demo.kit import DEMO_PASSWORD, NameMaker
from orgs.models import AllianceMembership, AuditEntry, Enterprise, Organization, Park, Position

SEED = 2020
STATUS_WORDS = {
    "registered": "已登记",
    "graded": "已定级",
    "dispatched": "已转办",
    "escalated": "已提请联席会议",
    "accepted": "已签收",
    "in_progress": "办理中",
    "answered": "已答复",
    "revisited": "已回访",
    "closed": "已办结",
    "reopened": "重新办理",
}


@dataclass
class DemoPlan:
    """Everything the demo writes, in plan form."""

    enterprises: list[orgs_build.EnterprisePlan]
    members: list[MemberPlan]
    shops: list[merchants_demo.ShopPlan]
    streamers: list[merchants_demo.StreamerPlan]
    liaison: liaison_plan.LiaisonPlan


def plan_demo(rng: random.Random) -> DemoPlan:
    """Draw the whole demo from ``rng``. The order of the draws is fixed (and is not the
    order of writing: the officers are drawn before the shops)."""
    names = NameMaker(rng)
    enterprises = orgs_build.plan_enterprises(rng, names)
    members = plan_members(rng, names, enterprises)
    officers = liaison_plan.plan_officers(rng, names, enterprises)
    shops = merchants_demo.plan_shops(rng, enterprises, members)
    streamers = merchants_demo.plan_streamers(rng, names, enterprises, members)
    liaison = liaison_plan.plan_history(rng, names, enterprises, officers)
    return DemoPlan(enterprises, members, shops, streamers, liaison)


def build_demo(plan: DemoPlan) -> list[tuple[str, str]]:
    """Write the plan, app by app; returns the (username, role) pairs of the role accounts."""
    orgs = orgs_build.build(plan.enterprises)
    users, logins = orgs_build.build_accounts()
    staff = users["staff"]
    members = build_roster(plan.members, orgs.branches, orgs.enterprises, staff)
    build_dues(plan.members, members, staff)
    applicants = merchants_demo.applicants(plan.streamers)
    build_development(applicants, orgs.branches, orgs.enterprises, staff)
    planned = {member.pk for member in members}
    admitted = Member.objects.filter(branch__in=orgs.branches).exclude(pk__in=planned)
    build_admitted_dues(list(admitted), staff)
    build_meetings(plan.members, members, orgs.branches, staff)
    build_posts(plan.members, members, orgs.branches, staff)
    build_appraisals(members, orgs.branches, staff)
    merchants_demo.build(plan.shops, plan.streamers, members, orgs.enterprises, staff)
    build_training(orgs.committee, staff)
    liaison_build.build(plan.liaison, orgs.parks, orgs.enterprises)
    return logins


def demo_counts() -> list[tuple[str, int]]:
    """The summary printed after seeding: (label, count) pairs."""
    committee = Organization.objects.filter(code=COMMITTEE_CODE).first()
    branches = Organization.objects.filter(parent=committee, kind=Organization.Kind.BRANCH)
    members = Member.objects.filter(branch__in=branches)
    return [
        ("行业党委 committee", Organization.objects.filter(code=COMMITTEE_CODE).count()),
        ("党支部 branches", branches.count()),
        ("党员 members", members.count()),
        ("  正式党员 full members", members.filter(category=Member.Category.FULL).count()),
        (
            "  预备党员 probationary members",
            members.filter(category=Member.Category.PROBATIONARY).count(),
        ),
        ("直播电商基地 bases", Park.objects.filter(kind=Park.Kind.BASE).count()),
        ("企业 enterprises", Enterprise.objects.count()),
        (
            "联盟企业 alliance enterprises",
            AllianceMembership.objects.filter(alliance__name=ALLIANCE_NAME).count(),
        ),
        ("党建阵地 positions", Position.objects.count()),
        ("红领书记 red-leader secretaries", Officer.objects.filter(role="red_leader").count()),
        ("服务专员 commissioners", Officer.objects.filter(role="commissioner").count()),
        ("包联 assignments", Assignment.objects.count()),
        ("店铺 shops", Shop.objects.count()),
        ("党员诚信经营店 integrity shops", integrity_shops().count()),
        ("  暂停挂牌 suspended plaques", Plaque.objects.filter(status="suspended").count()),
        ("店铺投诉 complaints", Complaint.objects.count()),
        ("主播 streamers", Streamer.objects.count()),
        ("专题培训 training sessions", TrainingSession.objects.count()),
        ("培训人次 attendances", TrainingAttendance.objects.count()),
        (
            "人才奖励（元） talent awards paid, yuan",
            int(TalentAward.objects.filter(status="paid").aggregate(t=Sum("amount"))["t"] or 0),
        ),
        ("阵地预约 position bookings", PositionBooking.objects.count()),
        (
            "百万粉丝主播 streamers over 1M followers",
            Streamer.objects.filter(followers__gt=10**6).count(),
        ),
        ("走访 visits", Visit.objects.count()),
        ("企业诉求 cases", Case.objects.count()),
        *(
            (f"  {STATUS_WORDS[status]} {status}", Case.objects.filter(status=status).count())
            for status in Case.Status.values
        ),
        ("  超期 overdue", Case.objects.filter(overdue=True).count()),
        ("诉求办理记录 case events", CaseEvent.objects.count()),
        ("联席会议 joint meetings", JointMeeting.objects.count()),
        ("议定事项 decisions", Decision.objects.count()),
        ("督办记录 supervision notes", SupervisionNote.objects.count()),
    ]


class Command(BaseCommand):
    help = "Build the Lanshan live-commerce party-building demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        """Plan, write in one transaction, and print the counts."""
        plan = plan_demo(random.Random(SEED))
        last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        # The services write their timeline notes in the active language: the demo's is Chinese.
        with translation.override("zh-hans"), acting_as(name="seed_demo"), transaction.atomic():
            logins = build_demo(plan)
        if options["verbosity"] >= 2:
            # Every write is audited, so the audit entries of this run are what it wrote.
            rows = AuditEntry.objects.filter(id__gt=last).order_by().values("action")
            written = {row["action"]: row["n"] for row in rows.annotate(n=Count("id"))}
            self.stdout.write(
                f"新建 created: {written.get('create', 0)} · 更新 updated: "
                f"{written.get('update', 0)} · 删除 deleted: {written.get('delete', 0)}"
            )
        for label, count in demo_counts():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write("")
        self.stdout.write(f"演示账号 demo logins (password / 密码: {DEMO_PASSWORD}):")
        for username, label in logins:
            self.stdout.write(f"  {username:<14} {label}")
        self.stdout.write("  commissioner01 … commissioner36  服务专员 · redleader  红领书记")
