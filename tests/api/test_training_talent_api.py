"""The training, talent-policy and complaint-evidence endpoints: who reads and writes them, and
that every write goes through the services' rules."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import TrainingAttendance, TrainingSession
from merchants.models import Complaint, ComplaintEvidence, TalentPolicy
from tests.api.conftest import MakeUser, World, client_for
from tests.factories import (
    ComplaintFactory,
    MemberFactory,
    ShopFactory,
    TalentPolicyFactory,
    TrainingAttendanceFactory,
    TrainingSessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 report", content_type="application/pdf")


def test_sessions_are_read_by_branch_staff_and_written_by_committee_staff(
    world: World, make_user: MakeUser
) -> None:
    session = TrainingAttendanceFactory(hours=6, session__organizer=world.committee).session
    secretary = client_for(make_user("branch_secretary", organization=world.branch))
    listing = secretary.get("/api/v1/training-sessions/").json()["results"]
    assert [(row["id"], row["attendance_count"], row["attended_hours"]) for row in listing] == [
        (session.pk, 1, 6)
    ]
    payload = {
        "topic": "直播带货研修班",
        "held_on": "2026-11-04",
        "hours": 8,
        "trainer": "李讲师",
        "organizer": world.committee.pk,
    }
    assert secretary.post("/api/v1/training-sessions/", payload).status_code == 403
    commissioner = client_for(make_user("commissioner", enterprise=world.enterprise))
    assert commissioner.get("/api/v1/training-sessions/").status_code == 403

    staff = client_for(make_user("committee_staff", organization=world.committee))
    created = staff.post("/api/v1/training-sessions/", payload)
    assert created.status_code == 201, created.json()
    assert created.json()["attendance_count"] == 0
    patched = staff.patch(f"/api/v1/training-sessions/{session.pk}/", {"topic": "新主题"})
    assert patched.status_code == 200
    assert patched.json()["attended_hours"] == 6
    assert TrainingSession.objects.get(pk=session.pk).topic == "新主题"
    assert client_for().get("/api/v1/training-sessions/").status_code == 401


def test_attendance_is_added_through_the_service_and_scoped(
    world: World, make_user: MakeUser
) -> None:
    session = TrainingSessionFactory(organizer=world.committee, hours=8)
    member = MemberFactory(branch=world.branch)
    staff = client_for(make_user("committee_staff", organization=world.committee))

    added = staff.post(
        "/api/v1/training-attendances/", {"session": session.pk, "member": member.pk}
    )
    assert added.status_code == 201, added.json()
    # name and hours default to the member's and the session's
    assert (added.json()["name"], added.json()["hours"]) == (member.name, 8)

    too_long = staff.post(
        "/api/v1/training-attendances/",
        {"session": session.pk, "member": member.pk, "hours": 9},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert too_long.status_code == 400
    assert "8" in str(too_long.json())
    assert TrainingAttendance.objects.count() == 1

    # Staff scoped to another branch neither see the attendance nor name that member.
    outsider = make_user("committee_staff", organization=world.other_branch)
    client = client_for(outsider)
    assert client.get(f"/api/v1/training-attendances/{added.json()['id']}/").status_code == 404
    refused = client.post(
        "/api/v1/training-attendances/", {"session": session.pk, "member": member.pk}
    )
    assert refused.status_code == 400
    assert "member" in refused.json()
    secretary = client_for(make_user("branch_secretary", organization=world.branch))
    assert (
        secretary.post("/api/v1/training-attendances/", {"session": session.pk}).status_code == 403
    )


def test_talent_policies_are_read_by_viewers_and_kept_by_committee_staff(
    world: World, make_user: MakeUser
) -> None:
    policy = TalentPolicyFactory(number=1, amount=50000)
    commissioner = client_for(make_user("commissioner", enterprise=world.enterprise))
    listing = commissioner.get("/api/v1/talent-policies/").json()["results"]
    assert [(row["number"], row["amount"], row["amount_rule"]["code"]) for row in listing] == [
        (1, "50000.00", "up_to")
    ]
    payload = {"number": 2, "title": "新主播扶持", "amount_rule": "fixed", "amount": "10000"}
    assert commissioner.post("/api/v1/talent-policies/", payload).status_code == 403
    staff = client_for(make_user("committee_staff", organization=world.committee))
    assert staff.post("/api/v1/talent-policies/", payload).status_code == 201
    duplicate = staff.post("/api/v1/talent-policies/", payload)
    assert duplicate.status_code == 400
    assert "number" in duplicate.json()
    bad = staff.patch(f"/api/v1/talent-policies/{policy.pk}/", {"amount": "0"})
    assert bad.status_code == 400
    assert (
        staff.patch(f"/api/v1/talent-policies/{policy.pk}/", {"title": "头部"}).status_code == 200
    )
    assert TalentPolicy.objects.get(pk=policy.pk).title == "头部"
    assert TalentPolicy.objects.count() == 2


def test_evidence_is_uploaded_checked_and_listed_on_the_complaint(
    world: World, make_user: MakeUser
) -> None:
    complaint = ComplaintFactory(shop=ShopFactory(enterprise=world.enterprise))
    url = f"/api/v1/complaints/{complaint.pk}/evidence/"
    commissioner = client_for(make_user("commissioner", enterprise=world.enterprise))
    uploaded = commissioner.post(url, {"file": _pdf(), "description": "检测报告"})
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["file_name"].startswith("report")

    wrong = commissioner.post(
        url,
        {"file": SimpleUploadedFile("run.exe", b"MZ")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert wrong.status_code == 400
    assert "PDF" in str(wrong.json()["file"])
    assert commissioner.post(url, {"description": "无文件"}).status_code == 400

    listing = commissioner.get(url).json()
    assert [(row["description"], row["uploaded_by"]) for row in listing] == [
        ("检测报告", uploaded.json()["uploaded_by"])
    ]
    outsider = client_for(make_user("commissioner", enterprise=world.other_enterprise))
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"file": _pdf()}).status_code == 404

    Complaint.objects.filter(pk=complaint.pk).update(status=Complaint.Status.CLOSED)
    closed = commissioner.post(url, {"file": _pdf()})
    assert closed.status_code == 400
    assert ComplaintEvidence.objects.count() == 1
    assert client_for().get(url).status_code == 401
