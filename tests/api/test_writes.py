"""Writes through the API: members by secretaries, cases by commissioners, decisions by the
red-leader secretary. Bad input is a 400 with field messages in the request's language and
changes nothing; foreign keys outside the user's scope are refused like missing rows."""

import datetime
from typing import Any

import pytest

from liaison.models import Case, Decision
from members.models import Member
from orgs.models import AuditEntry
from tests.api.conftest import MakeUser, World, client_for
from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    JointMeetingFactory,
    MemberFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db


def member_payload(world: World, **overrides: Any) -> dict[str, Any]:
    payload = {
        "name": "张三",
        "gender": "M",
        "birth_date": "1990-05-17",
        "id_number": make_id_number(datetime.date(1990, 5, 17), seq=11),
        "mobile": "13912345678",
        "branch": world.branch.pk,
        "category": "full",
        "admission_date": "2015-07-01",
        "full_membership_date": "2016-07-01",
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def secretary(world: World, make_user: MakeUser) -> Any:
    return make_user("branch_secretary", organization=world.branch)


def test_secretary_adds_a_member_with_masked_personal_data(world: World, secretary: Any) -> None:
    response = client_for(secretary).post("/api/v1/members/", member_payload(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id_number"] == "371302********0117"[:6] + "*" * 8 + body["id_number"][-4:]
    assert body["mobile"] == "139****5678"
    assert body["category"] == {"code": "full", "label": "正式党员"}
    member = Member.objects.get(pk=body["id"])
    assert member.mobile == "13912345678"
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_secretary_updates_a_member_and_keeps_the_id_number(world: World, secretary: Any) -> None:
    member = MemberFactory(branch=world.branch)
    stored = member.id_number
    response = client_for(secretary).patch(
        f"/api/v1/members/{member.pk}/", {"party_posts": "支部委员"}, format="json"
    )
    assert response.status_code == 200, response.json()
    member.refresh_from_db()
    assert member.party_posts == "支部委员"
    assert member.id_number == stored


def test_branch_outside_scope_is_refused(world: World, secretary: Any) -> None:
    payload = member_payload(world, branch=world.other_branch.pk)
    response = client_for(secretary).post("/api/v1/members/", payload, format="json")
    assert response.status_code == 400
    assert "branch" in response.json()
    assert not Member.objects.exists()


def test_bad_id_number_is_explained_in_chinese_by_default(world: World, secretary: Any) -> None:
    payload = member_payload(world, id_number="371302199005170110")
    response = client_for(secretary).post("/api/v1/members/", payload, format="json")
    assert response.status_code == 400
    assert "校验码错误" in response.json()["id_number"][0]


def test_bad_id_number_is_explained_in_english_on_request(world: World, secretary: Any) -> None:
    payload = member_payload(world, id_number="371302199005170110")
    client = client_for(secretary, language="en")
    response = client.post("/api/v1/members/", payload, format="json")
    assert response.status_code == 400
    assert "check digit" in response.json()["id_number"][0]


def test_model_rule_becomes_a_field_error(world: World, secretary: Any) -> None:
    payload = member_payload(world, birth_date="1991-01-01")
    response = client_for(secretary).post("/api/v1/members/", payload, format="json")
    assert response.status_code == 400
    assert "身份" in response.json()["birth_date"][0]


def test_missing_id_number_is_required(world: World, secretary: Any) -> None:
    payload = member_payload(world)
    del payload["id_number"]
    response = client_for(secretary).post("/api/v1/members/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["id_number"] == ["该字段是必填项。"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"category": "leader"}, "category"),
        ({"category": ["full"]}, "category"),
        ({"name": "长" * 51}, "name"),
        ({"admission_date": "2015-13-45"}, "admission_date"),
        ({"branch": "abc"}, "branch"),
        ({"lost_contact": "perhaps"}, "lost_contact"),
        ({"mobile": "12345"}, "mobile"),
    ],
)
def test_wrong_values_are_400_with_the_field(
    world: World, secretary: Any, overrides: dict[str, Any], field: str
) -> None:
    response = client_for(secretary).post(
        "/api/v1/members/", member_payload(world, **overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_malformed_json_is_400(secretary: Any) -> None:
    response = client_for(secretary).post(
        "/api/v1/members/", data='{"name": ', content_type="application/json"
    )
    assert response.status_code == 400


def test_auditor_cannot_write(world: World, make_user: MakeUser) -> None:
    response = client_for(make_user("auditor")).post(
        "/api/v1/members/", member_payload(world), format="json"
    )
    assert response.status_code == 403


def test_revealing_user_sees_full_numbers_and_each_row_is_audited(
    world: World, make_user: MakeUser
) -> None:
    members = [MemberFactory(branch=world.branch) for _ in range(3)]
    user = make_user("committee_staff", organization=world.committee, reveal=True)
    response = client_for(user).get("/api/v1/members/")
    assert response.status_code == 200
    shown = {row["id"]: row["id_number"] for row in response.json()["results"]}
    assert shown == {m.pk: m.id_number for m in members}
    reveals = AuditEntry.objects.filter(action="reveal")
    assert sorted(int(e.object_id) for e in reveals) == sorted(m.pk for m in members)
    assert all(e.actor_id == user.pk for e in reveals)


def test_commissioner_files_a_case_as_themselves(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    payload = {
        "enterprise": world.enterprise.pk,
        "title": "快递单价偏高",
        "description": "园区快递单价高于周边。",
        "category": "logistics",
    }
    response = client_for(user).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 201, response.json()
    case = Case.objects.get(pk=response.json()["id"])
    assert case.officer.user == user
    assert case.status == Case.Status.REGISTERED


def test_case_for_an_enterprise_outside_scope_is_refused(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    payload = {
        "enterprise": world.other_enterprise.pk,
        "title": "t",
        "description": "d",
        "category": "logistics",
    }
    response = client_for(user).post("/api/v1/cases/", payload, format="json")
    assert response.status_code == 400
    assert "enterprise" in response.json()
    assert not Case.objects.exists()


def test_case_workflow_fields_are_not_writable(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    case = CaseFactory(enterprise=world.enterprise)
    response = client_for(user, language="en").patch(
        f"/api/v1/cases/{case.pk}/",
        {"closed_at": "2001-01-01T00:00:00+08:00", "status": "closed", "title": "新标题"},
        format="json",
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.title == "新标题"
    assert case.closed_at is None and case.status == "registered"


def test_red_leader_records_a_decision(world: World, make_user: MakeUser) -> None:
    user = make_user("red_leader")
    # An officer without a current assignment has an empty scope (orgs.scope), so the
    # red-leader secretary is assigned to the park, as in Shunhe.
    AssignmentFactory(officer=user.officer, enterprise=None, park=world.enterprise.park)
    meeting = JointMeetingFactory(convener=user.officer)
    payload = {
        "meeting": meeting.pk,
        "text": "协调降低快递单价",
        "responsible_unit": "区商务局",
        "deadline": "2026-12-31",
    }
    response = client_for(user).post("/api/v1/decisions/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert Decision.objects.get().meeting == meeting


def test_commissioner_cannot_record_decisions(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    response = client_for(user).post("/api/v1/decisions/", {}, format="json")
    assert response.status_code == 403
