"""seed_demo reproduces the seed's facts, is idempotent, and leaves no plaintext ID number in
the database."""

import datetime
import io
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db.models import Sum

from liaison import rules
from liaison.demo import data as liaison_demo
from liaison.models import (
    Case,
    CaseEvent,
    DeadlineNotice,
    Decision,
    JointMeeting,
    Officer,
    Visit,
)
from liaison.selectors import current_assignments, enterprises_due_for_visit
from liaison.services import AWAITING_FEEDBACK
from members.models import Member, TrainingAttendance, TrainingSession
from merchants.models import Plaque, PositionBooking, Streamer, TalentAward
from merchants.selectors import head_streamers, integrity_shops, with_identity
from orgs import scope
from orgs.identifiers import normalize_id_number
from orgs.models import (
    AllianceMembership,
    AuditEntry,
    Enterprise,
    Organization,
    Park,
    Position,
)

ROOT = Path(__file__).resolve().parents[2]
TZ = ZoneInfo("Asia/Shanghai")
AS_OF = liaison_demo.LIAISON_AS_OF.replace(tzinfo=TZ)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"orgs", "members", "merchants", "liaison", "auth"}
    }


def test_demo_reproduces_the_seed_facts(demo: str) -> None:
    committee = Organization.objects.get(kind=Organization.Kind.COMMITTEE)
    branches = Organization.objects.filter(parent=committee, kind=Organization.Kind.BRANCH)
    assert branches.count() == 12
    assert Member.objects.count() >= 100
    assert all(b.members.filter(category="full").count() >= 3 for b in branches)
    assert Park.objects.filter(kind=Park.Kind.BASE).count() == 15
    assert Park.objects.filter(name="顺和直播电商科技产业园", area_m2=150000).exists()
    assert AllianceMembership.objects.count() == 20
    assert Position.objects.count() >= 7
    assert Officer.objects.filter(role="red_leader").count() == 1
    assert Officer.objects.filter(role="commissioner").count() == 36
    assert Plaque.objects.filter(awarded_on__isnull=False).count() == 16
    suspended = Plaque.objects.get(status="suspended")
    assert suspended.shop.complaints.filter(substantiated=True).count() == 2
    assert integrity_shops().count() == 15
    assert head_streamers().count() == 175
    super_dan = with_identity(Streamer.objects.filter(handle="超级丹")).get()
    assert super_dan.member is not None and super_dan.shows_identity
    dan_sales = super_dan.sales.filter(day__year=2020)
    assert dan_sales.aggregate(total=Sum("gmv"))["total"] == Decimal("1419000000.00")
    assert dan_sales.get(day=datetime.date(2020, 11, 25)).gmv == Decimal("111000000.00")
    assert Streamer.objects.filter(application__isnull=False).count() == 16
    assert TrainingSession.objects.count() == 17
    assert TrainingAttendance.objects.count() >= 3600
    paid = TalentAward.objects.filter(status="paid").aggregate(total=Sum("amount"))["total"]
    assert paid == Decimal("1500000.00")
    assert PositionBooking.objects.exists()
    assert Streamer.objects.filter(followers__gt=1_000_000).exists()
    assert Streamer.objects.filter(handle__contains="超级丹", member__isnull=False).exists()
    assert (
        "党员 members: 126" in demo
    )  # 120 on the roster + 6 admitted applicants and "Dangjian@2026" in demo


def test_every_demo_identifier_is_valid(demo: str) -> None:
    for member in Member.objects.all():
        assert normalize_id_number(member.id_number) == member.id_number
        member.full_clean()


def test_second_run_changes_nothing(demo: str) -> None:
    before = row_counts()
    audit_before = AuditEntry.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert row_counts() == before
    assert AuditEntry.objects.count() == audit_before


def test_branch_life_has_a_year_of_dues_and_meetings(demo: str) -> None:
    """As of the demo's date: members 3, 5 and 6 months behind and some paid ahead, one branch
    behind on meetings, posts in every branch, the expired term flagged, the 2025 appraisal."""
    from members.branch_life import branch_life
    from members.dues_services import dues_statuses
    from members.meetings import compliance_gaps, six_month_flags
    from members.models import Appraisal, AppraisalFollowUp, BranchMeeting, PartyPost
    from orgs import terms

    as_of = datetime.date(2026, 11, 1)
    statuses = dues_statuses(Member.objects.all(), as_of).values()
    behind = {s.arrears_months for s in statuses}
    assert {3, 5, 6} <= behind
    assert any(s.paid_up_to and s.paid_up_to > as_of for s in statuses)
    branches = list(Organization.objects.filter(kind="branch").order_by("code"))
    gaps = {b.code: compliance_gaps(b, datetime.date(2026, 1, 1), as_of, as_of) for b in branches}
    assert [code for code, found in gaps.items() if found] == [branches[-1].code]
    assert BranchMeeting.objects.filter(held_on__lt=as_of).count() > 12 * 20
    assert six_month_flags(Member.objects.all(), as_of)
    assert all(
        PartyPost.objects.filter(organization=b, post="secretary").exists() for b in branches
    )
    expired = Organization.objects.get(term_end=datetime.date(2026, 11, 20))
    assert terms.term_state(expired.term_end, datetime.date(2026, 11, 21)) == "overdue"
    assert branch_life([expired], as_of)[0].term_state == "due"
    assert Appraisal.objects.filter(year=2025).count() == 12
    assert AppraisalFollowUp.objects.count() == 1


def test_cases_stand_in_every_status_and_one_open_case_is_overdue(demo: str) -> None:
    cases = Case.objects.all()
    assert 25 <= cases.count() <= 40
    assert set(cases.values_list("status", flat=True)) == set(Case.Status.values)
    assert {c.category for c in cases} >= {"financing", "talent", "logistics", "premises"}
    assert {c.grade for c in cases} >= set(Case.Grade.values)
    for case in cases:
        assert datetime.date(2026, 8, 1) <= case.registered_at.astimezone(TZ).date()
        assert case.registered_at.astimezone(TZ).date() <= datetime.date(2026, 11, 25)
        late = case.status in AWAITING_FEEDBACK and case.due_at is not None and case.due_at < AS_OF
        assert case.overdue == late, case.title
        case.full_clean()
    overdue = Case.objects.exclude(status=Case.Status.CLOSED).filter(overdue=True)
    assert overdue.count() == 1
    assert overdue.get().answered_at is None
    extended = cases.filter(status=Case.Status.IN_PROGRESS, extensions_approved__gte=1)
    assert extended.filter(extensions_used=1).exists()
    assert cases.filter(visit__isnull=False).count() >= 5
    assert "企业诉求 cases: " in demo and "已办结 closed: " in demo and "走访 visits: " in demo


def test_every_case_timeline_follows_the_rules_to_its_status(demo: str) -> None:
    red_leader = Officer.objects.get(role=Officer.Role.RED_LEADER).user
    staff = get_user_model().objects.get(username="staff")
    for case in Case.objects.select_related("officer__user", "enterprise"):
        events = list(case.events.order_by("at", "pk"))
        assert events[0].action == "register" and events[0].from_status == ""
        assert events[0].at == case.registered_at
        assert events[-1].to_status == case.status, case.title
        status = ""
        for previous, event in zip([None, *events], events, strict=False):
            rule = rules.TRANSITIONS[event.action]
            assert event.from_status == status, (case.title, event.action)
            assert event.action == "register" or status in rule.sources, (case.title, event.action)
            assert event.to_status == rule.target
            assert previous is None or previous.at < event.at
            assert event.at <= AS_OF
            party = rules.TRANSITIONS[event.action].party
            if party is rules.Party.HANDLER:
                expected = case.officer.user
            elif party is rules.Party.REVIEWER and case.officer.user == red_leader:
                expected = staff
            else:
                expected = red_leader
            assert event.actor == expected
            if event.action == "reopen":
                assert previous is not None and previous.action == "revisit"
            status = event.to_status
        actions = [e.action for e in events]
        if actions[-1] == "close":
            assert case.satisfaction in rules.CLOSING_SATISFACTION
        if "grade" in actions:
            assert case.grade
            assert case.due_at is not None
            if "reopen" not in actions and "extend" not in actions:
                assert case.due_at == rules.feedback_due(case.grade, case.registered_at)
        else:
            assert not case.grade and case.due_at is None
        if {"handle", "dispatch"} & set(actions):
            assert case.responsible_unit
        answers = [e for e in events if e.action == "answer"]
        assert (case.answered_at is not None) == bool(answers)
        if answers:
            assert case.answered_at == answers[0].at and case.answer
        if "revisit" in actions:
            assert case.satisfaction
        if case.status == Case.Status.REOPENED:
            assert case.satisfaction == Case.Satisfaction.DISSATISFIED
        if case.status == Case.Status.CLOSED:
            assert case.closed_at == events[-1].at
            assert events[-1].action in {"close", "close_by_decision"}
        else:
            assert case.closed_at is None
        assert case.extensions_approved == actions.count("approve_extension")
        assert case.extensions_used == actions.count("extend")
        assigned = current_assignments(AS_OF.date()).filter(enterprise=case.enterprise)
        assert assigned.filter(officer=case.officer).exists(), case.title


def test_every_case_went_step_by_step_through_the_audited_case_services(demo: str) -> None:
    case_type = ContentType.objects.get_for_model(Case)
    for case in Case.objects.all():
        entries = AuditEntry.objects.filter(content_type=case_type, object_id=str(case.pk))
        assert {e.actor_name for e in entries} == {"seed_demo"}
        audited = [e.changes["status"][1] for e in entries.order_by("id") if "status" in e.changes]
        timeline = [e.to_status for e in case.events.order_by("at", "pk")]
        moves = [s for i, s in enumerate(timeline) if i == 0 or s != timeline[i - 1]]
        assert audited == moves, case.title


def test_the_deadline_watch_flagged_the_overdue_case_as_of_the_demo_moment(demo: str) -> None:
    notice = DeadlineNotice.objects.get()
    assert notice.case is not None and notice.case.overdue
    assert notice.case.due_at is not None and notice.case.due_at < AS_OF
    assert notice.state == f"overdue:{notice.case.due_at.isoformat()}"


def test_every_commissioner_visits_their_enterprises(demo: str) -> None:
    for officer in Officer.objects.filter(role=Officer.Role.COMMISSIONER):
        visits = list(officer.visits.all())
        assert 2 <= len(visits) <= 4, officer.name
        own = set(officer.assignments.values_list("enterprise_id", flat=True))
        for visit in visits:
            assert visit.enterprise_id in own
            assert liaison_demo.VISITS_FIRST <= visit.visited_on <= liaison_demo.VISITS_LAST
            assert visit.people_met and visit.topics
    for case in Case.objects.filter(visit__isnull=False).select_related("visit"):
        assert case.visit.enterprise_id == case.enterprise_id
        assert case.visit.officer_id == case.officer_id
        assert case.visit.visited_on == case.registered_at.astimezone(TZ).date()
    due = enterprises_due_for_visit(Enterprise.objects.all(), AS_OF.date())
    assert 1 <= due.count() <= 10
    assert Visit.objects.count() >= 72


def test_joint_meetings_decide_on_escalated_cases(demo: str) -> None:
    meetings = JointMeeting.objects.all()
    assert meetings.count() == 2
    for meeting in meetings:
        assert meeting.decisions.exists()
        assert meeting.cases.exists()
        for case in meeting.cases.all():
            escalated = case.events.get(action="escalate")
            assert escalated.at < meeting.held_at
        for decision in meeting.decisions.all():
            assert decision.responsible_unit and decision.deadline
            assert decision.case is None or decision.case in meeting.cases.all()
    done = Decision.objects.get(status=Decision.Status.DONE)
    assert done.case is not None and done.case.status == Case.Status.CLOSED
    last = done.case.events.order_by("at").last()
    assert last is not None and last.action == "close_by_decision"
    assert last.at.astimezone(TZ).date() == done.completed_on
    supervised = Decision.objects.filter(supervision_notes__isnull=False).distinct()
    assert supervised.count() >= 1
    assert all(d.status == Decision.Status.IN_PROGRESS for d in supervised)
    assert CaseEvent.objects.filter(action="close_by_decision").count() == 1


def test_demo_accounts_have_roles_and_scopes(demo: str) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="secretary01")
    assert user.check_password("Dangjian@2026")
    visible = scope.visible(Member.objects.all(), user)
    assert visible.count() == Member.objects.filter(branch__code="LS-ZB-01").count() > 0
    commissioner = get_user_model().objects.get(username="commissioner01")
    assert scope.scope_for(commissioner).enterprise_ids
