"""Organizational life: attendance recorded as all present and then the exceptions, every
gap against each kind's required frequency, the six-month rule combining attendance and dues,
and the scope of the meeting pages and endpoint (an outsider's branch is a 404)."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from members.dues import IncomeBasis
from members.dues_services import dues_pay, dues_standard_declare
from members.meetings import compliance_gaps, meeting_record, six_month_flags
from members.models import BranchMeeting, MeetingAttendance, Member
from orgs.models import Organization
from tests.conftest import World
from tests.factories import MemberFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
M = datetime.date
Kind = BranchMeeting.Kind


def hold(org: Organization, kind: str, on: datetime.date, **exceptions: Any) -> BranchMeeting:
    return meeting_record(
        meeting=BranchMeeting(organization=org, kind=kind, held_on=on, topic="议题", host="书记"),
        exceptions=exceptions.get("exceptions"),
        actor=None,
    )


def test_everyone_expected_is_present_but_the_exceptions(world: World) -> None:
    late = MemberFactory(
        branch=world.branch_a,
        admission_date=M(2026, 6, 1),
        category="probationary",
        full_membership_date=None,
    )
    away = MemberFactory(branch=world.branch_a)
    meeting = hold(
        world.branch_a,
        Kind.THEME_DAY,
        M(2026, 5, 8),
        exceptions={away.pk: ("leave", "外出直播")},
    )
    rows = dict(meeting.attendance.values_list("member__name", "status"))
    assert rows == {world.member_a.name: "present", away.name: "leave"}
    assert late.name not in rows  # admitted after the meeting
    with pytest.raises(ValidationError):
        hold(world.branch_a, Kind.THEME_DAY, M(2026, 6, 8), exceptions={away.pk: ("leave", "")})
    with pytest.raises(ValidationError):
        hold(
            world.branch_a,
            Kind.THEME_DAY,
            M(2026, 6, 8),
            exceptions={world.member_b.pk: ("absent", "")},
        )


def test_every_gap_against_the_required_frequencies_is_listed(world: World) -> None:
    branch = world.branch_a
    group = OrganizationFactory(parent=branch, kind=Organization.Kind.PARTY_GROUP, name="一组")
    for _ in range(7):
        MemberFactory(branch=branch)
    for month in range(1, 7):
        hold(branch, Kind.THEME_DAY, M(2026, month, 8))
        if month != 2:
            hold(branch, Kind.COMMITTEE, M(2026, month, 5))
        if month != 4:
            hold(group, Kind.GROUP, M(2026, month, 10))
    hold(branch, Kind.GENERAL_MEETING, M(2026, 3, 20))
    hold(branch, Kind.LECTURE, M(2026, 5, 22))
    gaps = compliance_gaps(branch, M(2026, 1, 1), M(2026, 12, 1), today=M(2026, 7, 15))
    assert [(g.kind, g.period, g.organization.name) for g in gaps] == [
        (Kind.LECTURE, "2026-01—2026-03", branch.name),
        (Kind.COMMITTEE, "2026-02", branch.name),
        (Kind.GENERAL_MEETING, "2026-04—2026-06", branch.name),
        (Kind.GROUP, "2026-04", "一组"),
    ]
    # The year's organizational-life meeting is due once the year has ended.
    later = compliance_gaps(branch, M(2026, 1, 1), M(2026, 12, 1), today=M(2027, 1, 2))
    assert (Kind.ORG_LIFE, "2026") in [(g.kind, g.period) for g in later]


def test_a_branch_without_a_committee_owes_no_committee_meetings(world: World) -> None:
    gaps = compliance_gaps(world.branch_a, M(2026, 1, 1), M(2026, 3, 1), today=M(2026, 4, 1))
    assert Kind.COMMITTEE not in {g.kind for g in gaps}
    assert {g.kind for g in gaps} == {Kind.THEME_DAY, Kind.GENERAL_MEETING, Kind.LECTURE}


def test_the_six_month_rule_combines_attendance_and_dues(world: World) -> None:
    branch = world.branch_a
    absent = MemberFactory(branch=branch, name="缺席党员")
    unpaid = MemberFactory(branch=branch, name="欠费党员")
    excused = MemberFactory(branch=branch, name="请假党员")
    for member in (world.member_a, absent, unpaid, excused):
        dues_standard_declare(
            member=member,
            basis=IncomeBasis.WAGE,
            declared_income=Decimal(3000),
            effective_from=M(2015, 7, 1),
            actor=None,
        )
    for member in (world.member_a, absent, excused):
        dues_pay(
            member=member, first_month=M(2026, 1, 1), months=10, paid_on=M(2026, 1, 5), actor=None
        )
    dues_pay(member=unpaid, first_month=M(2026, 1, 1), months=4, paid_on=M(2026, 1, 5), actor=None)
    hold(branch, Kind.THEME_DAY, M(2026, 4, 8))
    for month in range(5, 11):
        hold(
            branch,
            Kind.THEME_DAY,
            M(2026, month, 8),
            exceptions={absent.pk: ("absent", ""), excused.pk: ("leave", "住院")},
        )
    members = Member.objects.filter(branch=branch)
    flags = {
        f.member.name: (f.absent_months, f.arrears_months)
        for f in six_month_flags(members, M(2026, 11, 3))
    }
    assert flags == {"缺席党员": (6, 0), "欠费党员": (0, 6)}
    earlier = six_month_flags(members, M(2026, 10, 31))
    assert [f.member.name for f in earlier] == []  # five months each on 31 October


def test_a_secretary_sees_only_her_branchs_meetings(world: World) -> None:
    own = hold(world.branch_a, Kind.LECTURE, M(2026, 3, 22))
    other = hold(world.branch_b, Kind.LECTURE, M(2026, 3, 22))
    client = world.client("secretary_a")
    assert client.get(f"/admin/members/branchmeeting/{own.pk}/change/").status_code == 200
    assert client.get(f"/admin/members/branchmeeting/{other.pk}/change/").status_code == 404
    calendar = "/admin/members/branchmeeting/calendar/?year=2026"
    page = client.get(calendar).content.decode()
    assert "meeting-gaps" in page
    assert client.get(f"{calendar}&branch={world.branch_b.pk}").status_code == 404
    api = APIClient()
    api.force_authenticate(world.users["secretary_a"])
    listed = api.get("/api/v1/branch-meetings/").json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    assert listed[0]["attendance"][0]["status"]["code"] == "present"
    assert api.get(f"/api/v1/branch-meetings/{other.pk}/").status_code == 404
    refused = api.post(
        "/api/v1/branch-meetings/",
        {
            "organization": world.branch_b.pk,
            "kind": "lecture",
            "held_on": "2026-06-22",
            "topic": "党课",
            "host": "书记",
        },
        format="json",
    )
    assert refused.status_code == 400
    made = api.post(
        "/api/v1/branch-meetings/",
        {
            "organization": world.branch_a.pk,
            "kind": "theme_day",
            "held_on": "2026-06-08",
            "topic": "主题党日",
            "host": "书记",
            "exceptions": [{"member": world.member_a.pk, "status": "leave", "reason": "出差"}],
        },
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert MeetingAttendance.objects.get(meeting_id=made.json()["id"]).reason == "出差"


def test_a_meeting_is_added_in_the_admin_with_its_exceptions(world: World) -> None:
    away = MemberFactory(branch=world.branch_a, name="请假者")
    client = world.client("secretary_a")
    prefix = "attendance"
    response = client.post(
        "/admin/members/branchmeeting/add/",
        {
            "organization": world.branch_a.pk,
            "kind": "general_meeting",
            "held_on": "2026-06-20",
            "topic": "支部党员大会",
            "place": "会议室",
            "host": "书记",
            "minutes": "",
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-0-member": away.pk,
            f"{prefix}-0-status": "leave",
            f"{prefix}-0-reason": "外地",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = BranchMeeting.objects.get()
    assert dict(meeting.attendance.values_list("member__name", "status")) == {
        world.member_a.name: "present",
        "请假者": "leave",
    }


def test_an_attachment_is_served_only_inside_the_scope(
    world: World, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.models import MeetingAttachment

    settings.MEDIA_ROOT = str(tmp_path)
    own = hold(world.branch_a, Kind.LECTURE, M(2026, 3, 22))
    other = hold(world.branch_b, Kind.LECTURE, M(2026, 3, 22))
    files = {
        meeting: MeetingAttachment.objects.create(
            meeting=meeting, file=SimpleUploadedFile("签到表.pdf", b"%PDF-1.4 sign-in")
        )
        for meeting in (own, other)
    }
    client = world.client("secretary_a")
    url = "/admin/members/branchmeeting/attachment/{}/"
    response = client.get(url.format(files[own].pk))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(url.format(files[other].pk)).status_code == 404
