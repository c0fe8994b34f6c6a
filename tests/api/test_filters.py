"""One test per filter of every list endpoint: the matching row is listed, the other is not.
The auditor sees everything, so only the filter narrows."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from tests.api.conftest import MakeUser, World, client_for
from tests.factories import (
    AppraisalFactory,
    BranchMeetingFactory,
    CaseFactory,
    ComplaintFactory,
    DecisionFactory,
    DuesPaymentFactory,
    DuesStandardFactory,
    EnterpriseFactory,
    JointMeetingFactory,
    MemberFactory,
    OfficerFactory,
    OrganizationFactory,
    ParkFactory,
    PartyPostFactory,
    PlaqueFactory,
    PledgeSignatureFactory,
    PositionBookingFactory,
    PositionFactory,
    SalesReportFactory,
    ShopFactory,
    StreamerFactory,
    TalentAwardFactory,
    TalentPolicyFactory,
    TrainingAttendanceFactory,
    TrainingSessionFactory,
    VisitFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db

Maker = Callable[[World], tuple[Any, Any, str]]
AUG = datetime.datetime(2021, 8, 1, tzinfo=datetime.UTC)


def _org_subtree(w: World) -> tuple[Any, Any, str]:
    child = OrganizationFactory(parent=w.branch)
    return child, w.other_branch, f"organization={w.branch.pk}"


def _member_subtree(w: World) -> tuple[Any, Any, str]:
    group = OrganizationFactory(parent=w.branch, kind="party_group")
    return (
        MemberFactory(branch=group),
        MemberFactory(branch=w.other_branch),
        f"organization={w.branch.pk}",
    )


def _applicant_attendance(w: World) -> Any:
    from members.models import Application, RuleSet

    application = Application(
        name="申请人",
        gender="M",
        birth_date=datetime.date(1995, 6, 1),
        branch=w.branch,
        rule_set=RuleSet.objects.get(code="2014"),
    )
    application.id_number = make_id_number(datetime.date(1995, 6, 1), 31)
    application.save()
    return TrainingAttendanceFactory(member=None, application=application, name="申请人")


def _member(w: World, **kw: Any) -> Any:
    return MemberFactory(branch=w.branch, **kw)


FILTERS: dict[tuple[str, str], Maker] = {
    ("organizations", "q"): lambda w: (w.branch, w.other_branch, "q=一支"),
    ("organizations", "organization"): _org_subtree,
    ("organizations", "kind"): lambda w: (w.committee, w.branch, "kind=committee"),
    ("organizations", "parent"): lambda w: (w.branch, w.committee, f"parent={w.committee.pk}"),
    ("organizations", "enterprise"): lambda w: (
        OrganizationFactory(enterprise=w.enterprise),
        w.branch,
        f"enterprise={w.enterprise.pk}",
    ),
    ("organizations", "park"): lambda w: (
        OrganizationFactory(park=w.enterprise.park),
        w.branch,
        f"park={w.enterprise.park_id}",
    ),
    ("organizations", "founded_on"): lambda w: (
        OrganizationFactory(founded_on=datetime.date(2021, 7, 1)),
        OrganizationFactory(founded_on=datetime.date(2019, 7, 1)),
        "founded_on_after=2021-01-01&founded_on_before=2021-12-31",
    ),
    ("enterprises", "q"): lambda w: (
        EnterpriseFactory(name="顺和直播"),
        w.enterprise,
        "q=顺和",
    ),
    ("enterprises", "kind"): lambda w: (
        EnterpriseFactory(kind="logistics"),
        w.enterprise,
        "kind=logistics",
    ),
    ("enterprises", "park"): lambda w: (
        w.enterprise,
        w.other_enterprise,
        f"park={w.enterprise.park_id}",
    ),
    ("parks", "q"): lambda w: (ParkFactory(name="齐鲁e谷"), w.enterprise.park, "q=齐鲁"),
    ("parks", "kind"): lambda w: (ParkFactory(kind="town"), w.enterprise.park, "kind=town"),
    ("members", "q"): lambda w: (_member(w, name="超级丹"), _member(w), "q=超级"),
    ("members", "organization"): _member_subtree,
    ("members", "status"): lambda w: (_member(w, status="mobile"), _member(w), "status=mobile"),
    ("members", "category"): lambda w: (
        _member(w, category="probationary", full_membership_date=None),
        _member(w),
        "category=probationary",
    ),
    ("members", "gender"): lambda w: (_member(w, gender="F"), _member(w), "gender=F"),
    ("members", "occupation"): lambda w: (
        _member(w, occupation="streamer"),
        _member(w),
        "occupation=streamer",
    ),
    ("members", "enterprise"): lambda w: (
        _member(w, workplace=w.enterprise),
        _member(w, workplace=w.other_enterprise),
        f"enterprise={w.enterprise.pk}",
    ),
    ("members", "park"): lambda w: (
        _member(w, workplace=w.enterprise),
        _member(w, workplace=w.other_enterprise),
        f"park={w.enterprise.park_id}",
    ),
    ("members", "admission_date"): lambda w: (
        _member(w, admission_date=datetime.date(2015, 7, 1)),
        _member(w, admission_date=datetime.date(2010, 7, 1)),
        "admission_date_after=2015-01-01",
    ),
    ("members", "lost_contact"): lambda w: (
        _member(w, lost_contact=True),
        _member(w),
        "lost_contact=true",
    ),
    ("shops", "q"): lambda w: (ShopFactory(name="蒙子好物"), ShopFactory(), "q=蒙子"),
    ("shops", "platform"): lambda w: (
        ShopFactory(platform="kuaishou"),
        ShopFactory(),
        "platform=kuaishou",
    ),
    ("shops", "category"): lambda w: (
        ShopFactory(category="apparel"),
        ShopFactory(),
        "category=apparel",
    ),
    ("shops", "enterprise"): lambda w: (
        ShopFactory(enterprise=w.enterprise),
        ShopFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("shops", "park"): lambda w: (
        ShopFactory(enterprise=w.enterprise),
        ShopFactory(),
        f"park={w.enterprise.park_id}",
    ),
    ("shops", "is_integrity_shop"): lambda w: (
        PlaqueFactory().shop,
        PlaqueFactory(status="suspended").shop,
        "is_integrity_shop=true",
    ),
    ("shops", "opened_on"): lambda w: (
        ShopFactory(opened_on=datetime.date(2020, 11, 25)),
        ShopFactory(opened_on=datetime.date(2018, 1, 1)),
        "opened_on_after=2020-01-01",
    ),
    ("streamers", "q"): lambda w: (StreamerFactory(name="大蒙子"), StreamerFactory(), "q=蒙子"),
    ("streamers", "platform"): lambda w: (
        StreamerFactory(platform="douyin"),
        StreamerFactory(),
        "platform=douyin",
    ),
    ("streamers", "enterprise"): lambda w: (
        StreamerFactory(enterprise=w.enterprise),
        StreamerFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("streamers", "park"): lambda w: (
        StreamerFactory(enterprise=w.enterprise),
        StreamerFactory(),
        f"park={w.enterprise.park_id}",
    ),
    ("streamers", "followers_min"): lambda w: (
        StreamerFactory(followers=1_000_000),
        StreamerFactory(),
        "followers_min=1000000",
    ),
    ("streamers", "is_member"): lambda w: (
        StreamerFactory(member=MemberFactory(branch=w.branch)),
        StreamerFactory(),
        "is_member=true",
    ),
    ("cases", "q"): lambda w: (CaseFactory(title="融资难"), CaseFactory(), "q=融资"),
    ("cases", "status"): lambda w: (CaseFactory(status="closed"), CaseFactory(), "status=closed"),
    ("cases", "category"): lambda w: (
        CaseFactory(category="talent"),
        CaseFactory(),
        "category=talent",
    ),
    ("cases", "grade"): lambda w: (CaseFactory(grade="urgent"), CaseFactory(), "grade=urgent"),
    ("cases", "enterprise"): lambda w: (
        CaseFactory(enterprise=w.enterprise),
        CaseFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("cases", "park"): lambda w: (
        CaseFactory(enterprise=w.enterprise),
        CaseFactory(),
        f"park={w.enterprise.park_id}",
    ),
    ("cases", "officer"): lambda w: (
        CaseFactory(officer=(officer := OfficerFactory())),
        CaseFactory(),
        f"officer={officer.pk}",
    ),
    ("cases", "registered"): lambda w: (
        CaseFactory(registered_at=AUG),
        CaseFactory(),
        "registered_before=2021-12-31",
    ),
    ("meetings", "q"): lambda w: (
        JointMeetingFactory(title="物流专题会"),
        JointMeetingFactory(),
        "q=物流",
    ),
    ("meetings", "convener"): lambda w: (
        JointMeetingFactory(convener=(officer := OfficerFactory())),
        JointMeetingFactory(),
        f"convener={officer.pk}",
    ),
    ("meetings", "held"): lambda w: (
        JointMeetingFactory(held_at=AUG),
        JointMeetingFactory(held_at=timezone.now()),
        "held_before=2021-12-31",
    ),
    ("decisions", "q"): lambda w: (
        DecisionFactory(text="人才公寓"),
        DecisionFactory(),
        "q=人才",
    ),
    ("decisions", "status"): lambda w: (
        DecisionFactory(status="done"),
        DecisionFactory(),
        "status=done",
    ),
    ("decisions", "meeting"): lambda w: (
        decision := DecisionFactory(),
        DecisionFactory(),
        f"meeting={decision.meeting_id}",
    ),
    ("decisions", "case"): lambda w: (
        decision := DecisionFactory(case=CaseFactory()),
        DecisionFactory(case=CaseFactory()),
        f"case={decision.case_id}",
    ),
    ("decisions", "deadline"): lambda w: (
        DecisionFactory(deadline=datetime.date(2021, 9, 1)),
        DecisionFactory(),
        "deadline_before=2021-12-31",
    ),
    ("visits", "q"): lambda w: (
        VisitFactory(topics="直播间用电扩容"),
        VisitFactory(),
        "q=扩容",
    ),
    ("plaques", "q"): lambda w: (
        PlaqueFactory(number="LSCX-Q-1"),
        PlaqueFactory(),
        "q=LSCX-Q",
    ),
    ("plaques", "status"): lambda w: (
        PlaqueFactory(status="suspended"),
        PlaqueFactory(),
        "status=suspended",
    ),
    ("plaques", "shop"): lambda w: (
        plaque := PlaqueFactory(),
        PlaqueFactory(),
        f"shop={plaque.shop_id}",
    ),
    ("plaques", "enterprise"): lambda w: (
        PlaqueFactory(shop=ShopFactory(enterprise=w.enterprise)),
        PlaqueFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("plaques", "valid_until"): lambda w: (
        PlaqueFactory(valid_until=datetime.date(2030, 1, 1)),
        PlaqueFactory(valid_until=datetime.date(2020, 1, 1)),
        "valid_until_after=2029-01-01",
    ),
    ("complaints", "shop"): lambda w: (
        complaint := ComplaintFactory(),
        ComplaintFactory(),
        f"shop={complaint.shop_id}",
    ),
    ("complaints", "status"): lambda w: (
        ComplaintFactory(status="verified"),
        ComplaintFactory(),
        "status=verified",
    ),
    ("complaints", "source"): lambda w: (
        ComplaintFactory(source="platform"),
        ComplaintFactory(),
        "source=platform",
    ),
    ("complaints", "substantiated"): lambda w: (
        ComplaintFactory(substantiated=True),
        ComplaintFactory(substantiated=False),
        "substantiated=true",
    ),
    ("complaints", "received_on"): lambda w: (
        ComplaintFactory(received_on=datetime.date(2026, 5, 1)),
        ComplaintFactory(received_on=datetime.date(2025, 5, 1)),
        "received_on_after=2026-01-01",
    ),
    ("pledge-signatures", "pledge"): lambda w: (
        signature := PledgeSignatureFactory(),
        PledgeSignatureFactory(),
        f"pledge={signature.pledge_id}",
    ),
    ("pledge-signatures", "enterprise"): lambda w: (
        PledgeSignatureFactory(enterprise=w.enterprise),
        PledgeSignatureFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("pledge-signatures", "shop"): lambda w: (
        signature := PledgeSignatureFactory(shop=ShopFactory()),
        PledgeSignatureFactory(),
        f"shop={signature.shop_id}",
    ),
    ("pledge-signatures", "streamer"): lambda w: (
        signature := PledgeSignatureFactory(streamer=StreamerFactory()),
        PledgeSignatureFactory(),
        f"streamer={signature.streamer_id}",
    ),
    ("pledge-signatures", "signed_on"): lambda w: (
        PledgeSignatureFactory(signed_on=datetime.date(2025, 6, 1)),
        PledgeSignatureFactory(),
        "signed_on_after=2025-01-01",
    ),
    ("sales", "streamer"): lambda w: (
        report := SalesReportFactory(),
        SalesReportFactory(),
        f"streamer={report.streamer_id}",
    ),
    ("sales", "shop"): lambda w: (
        report := SalesReportFactory(shop=ShopFactory()),
        SalesReportFactory(),
        f"shop={report.shop_id}",
    ),
    ("sales", "enterprise"): lambda w: (
        SalesReportFactory(enterprise=w.enterprise),
        SalesReportFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("sales", "park"): lambda w: (
        SalesReportFactory(enterprise=w.enterprise),
        SalesReportFactory(),
        f"park={w.enterprise.park_id}",
    ),
    ("sales", "day"): lambda w: (
        SalesReportFactory(day=datetime.date(2030, 1, 1)),
        SalesReportFactory(),
        "day_after=2029-01-01",
    ),
    ("streamers", "tier"): lambda w: (
        StreamerFactory(followers=2_000_000),
        StreamerFactory(followers=999_999),
        "tier=head",
    ),
    ("position-bookings", "position"): lambda w: (
        booking := PositionBookingFactory(),
        PositionBookingFactory(),
        f"position={booking.position_id}",
    ),
    ("position-bookings", "organization"): lambda w: (
        PositionBookingFactory(organization=w.branch),
        PositionBookingFactory(organization=w.other_branch),
        f"organization={w.branch.pk}",
    ),
    ("position-bookings", "cancelled"): lambda w: (
        PositionBookingFactory(cancelled=True),
        PositionBookingFactory(),
        "cancelled=true",
    ),
    ("position-bookings", "starts_at"): lambda w: (
        PositionBookingFactory(starts_at=datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC)),
        PositionBookingFactory(),
        "starts_at_after=2029-01-01T00:00:00Z",
    ),
    ("talent-awards", "policy"): lambda w: (
        award := TalentAwardFactory(),
        TalentAwardFactory(),
        f"policy={award.policy_id}",
    ),
    ("talent-awards", "streamer"): lambda w: (
        award := TalentAwardFactory(),
        TalentAwardFactory(),
        f"streamer={award.streamer_id}",
    ),
    ("talent-awards", "enterprise"): lambda w: (
        TalentAwardFactory(enterprise=w.enterprise),
        TalentAwardFactory(),
        f"enterprise={w.enterprise.pk}",
    ),
    ("talent-awards", "status"): lambda w: (
        TalentAwardFactory(status="paid"),
        TalentAwardFactory(),
        "status=paid",
    ),
    ("talent-awards", "paid_on"): lambda w: (
        TalentAwardFactory(status="paid", paid_on=datetime.date(2021, 5, 1)),
        TalentAwardFactory(),
        "paid_on_after=2021-01-01",
    ),
    ("talent-policies", "q"): lambda w: (
        TalentPolicyFactory(title="新主播扶持"),
        TalentPolicyFactory(),
        "q=新主播",
    ),
    ("talent-policies", "amount_rule"): lambda w: (
        TalentPolicyFactory(amount_rule="fixed"),
        TalentPolicyFactory(),
        "amount_rule=fixed",
    ),
    ("training-sessions", "organizer"): lambda w: (
        TrainingSessionFactory(organizer=w.branch),
        TrainingSessionFactory(organizer=w.other_branch),
        f"organizer={w.branch.pk}",
    ),
    ("training-sessions", "venue"): lambda w: (
        session := TrainingSessionFactory(venue=PositionFactory()),
        TrainingSessionFactory(),
        f"venue={session.venue_id}",
    ),
    ("training-sessions", "held_on"): lambda w: (
        TrainingSessionFactory(held_on=datetime.date(2025, 3, 1)),
        TrainingSessionFactory(),
        "held_on_after=2025-01-01",
    ),
    ("training-attendances", "session"): lambda w: (
        attendance := TrainingAttendanceFactory(),
        TrainingAttendanceFactory(),
        f"session={attendance.session_id}",
    ),
    ("training-attendances", "member"): lambda w: (
        attendance := TrainingAttendanceFactory(),
        TrainingAttendanceFactory(),
        f"member={attendance.member_id}",
    ),
    ("training-attendances", "application"): lambda w: (
        attendance := _applicant_attendance(w),
        TrainingAttendanceFactory(),
        f"application={attendance.application_id}",
    ),
    ("visits", "officer"): lambda w: (
        visit := VisitFactory(),
        VisitFactory(),
        f"officer={visit.officer_id}",
    ),
    ("visits", "enterprise"): lambda w: (
        visit := VisitFactory(),
        VisitFactory(),
        f"enterprise={visit.enterprise_id}",
    ),
    ("visits", "park"): lambda w: (
        visit := VisitFactory(),
        VisitFactory(),
        f"park={visit.enterprise.park_id}",
    ),
    ("dues-standards", "member"): lambda w: (
        standard := DuesStandardFactory(),
        DuesStandardFactory(),
        f"member={standard.member_id}",
    ),
    ("dues-standards", "organization"): lambda w: (
        DuesStandardFactory(member__branch=w.branch),
        DuesStandardFactory(member__branch=w.other_branch),
        f"organization={w.branch.pk}",
    ),
    ("dues-standards", "basis"): lambda w: (
        DuesStandardFactory(basis="student", declared_income=None, amount=Decimal("0.20")),
        DuesStandardFactory(),
        "basis=student",
    ),
    ("dues-standards", "effective_from"): lambda w: (
        DuesStandardFactory(effective_from=datetime.date(2025, 1, 1)),
        DuesStandardFactory(),
        "effective_from_before=2025-06-30",
    ),
    ("dues-payments", "member"): lambda w: (
        payment := DuesPaymentFactory(),
        DuesPaymentFactory(),
        f"member={payment.member_id}",
    ),
    ("dues-payments", "organization"): lambda w: (
        DuesPaymentFactory(member__branch=w.branch),
        DuesPaymentFactory(member__branch=w.other_branch),
        f"organization={w.branch.pk}",
    ),
    ("dues-payments", "method"): lambda w: (
        DuesPaymentFactory(method="wechat"),
        DuesPaymentFactory(),
        "method=wechat",
    ),
    ("dues-payments", "month"): lambda w: (
        DuesPaymentFactory(month=datetime.date(2026, 1, 1)),
        DuesPaymentFactory(),
        "month_before=2026-02-28",
    ),
    ("branch-meetings", "q"): lambda w: (
        BranchMeetingFactory(topic="学习党章"),
        BranchMeetingFactory(),
        "q=党章",
    ),
    ("branch-meetings", "organization"): lambda w: (
        BranchMeetingFactory(organization=w.branch),
        BranchMeetingFactory(organization=w.other_branch),
        f"organization={w.branch.pk}",
    ),
    ("branch-meetings", "kind"): lambda w: (
        BranchMeetingFactory(kind="lecture"),
        BranchMeetingFactory(),
        "kind=lecture",
    ),
    ("branch-meetings", "held_on"): lambda w: (
        BranchMeetingFactory(held_on=datetime.date(2026, 1, 8)),
        BranchMeetingFactory(),
        "held_on_before=2026-02-28",
    ),
    ("party-posts", "organization"): lambda w: (
        PartyPostFactory(organization=w.branch),
        PartyPostFactory(organization=w.other_branch),
        f"organization={w.branch.pk}",
    ),
    ("party-posts", "member"): lambda w: (
        post := PartyPostFactory(),
        PartyPostFactory(),
        f"member={post.member_id}",
    ),
    ("party-posts", "post"): lambda w: (
        PartyPostFactory(post="discipline"),
        PartyPostFactory(),
        "post=discipline",
    ),
    ("party-posts", "current"): lambda w: (
        PartyPostFactory(),
        PartyPostFactory(ended_on=datetime.date(2025, 1, 1)),
        "current=true",
    ),
    ("appraisals", "organization"): lambda w: (
        AppraisalFactory(branch=w.branch),
        AppraisalFactory(branch=w.other_branch),
        f"organization={w.branch.pk}",
    ),
    ("appraisals", "year"): lambda w: (
        AppraisalFactory(year=2024, held_on=datetime.date(2024, 12, 20)),
        AppraisalFactory(),
        "year=2024",
    ),
    ("visits", "visited"): lambda w: (
        VisitFactory(visited_on=datetime.date(2021, 9, 1)),
        VisitFactory(),
        "visited_before=2021-12-31",
    ),
}


@pytest.mark.parametrize(("endpoint", "name"), FILTERS, ids=[f"{e}-{n}" for e, n in FILTERS])
def test_filter(endpoint: str, name: str, world: World, make_user: MakeUser) -> None:
    wanted, other, query = FILTERS[(endpoint, name)](world)
    response = client_for(make_user("auditor")).get(f"/api/v1/{endpoint}/?{query}")
    assert response.status_code == 200, response.json()
    ids = {row["id"] for row in response.json()["results"]}
    assert wanted.pk in ids
    assert other.pk not in ids


def test_subtree_filter_on_an_organization_outside_scope_lists_nothing(
    world: World, make_user: MakeUser
) -> None:
    MemberFactory(branch=world.other_branch)
    user = make_user("branch_secretary", organization=world.branch)
    response = client_for(user).get(f"/api/v1/members/?organization={world.other_branch.pk}")
    assert response.json()["results"] == []


@pytest.mark.parametrize(
    "query", ["enterprise=abc", "enterprise=99999999999999999999", "registered_after=2021-02-30"]
)
def test_bad_filter_values_are_400(query: str, world: World, make_user: MakeUser) -> None:
    response = client_for(make_user("auditor")).get(f"/api/v1/cases/?{query}")
    assert response.status_code == 400


def test_ordering(world: World, make_user: MakeUser) -> None:
    StreamerFactory(followers=5)
    StreamerFactory(followers=500)
    response = client_for(make_user("auditor")).get("/api/v1/streamers/?ordering=followers")
    followers = [row["followers"] for row in response.json()["results"]]
    assert followers == sorted(followers)
