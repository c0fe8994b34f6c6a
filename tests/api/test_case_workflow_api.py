"""The case workflow and visits through the API: the same services and rules as the admin."""

import pytest

from liaison.models import Case, CaseEvent, Visit
from tests.api.conftest import MakeUser, World, client_for
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def transition(user: object, case: Case, language: str | None = None, **payload: object):  # type: ignore[no-untyped-def]
    return client_for(user, language).post(
        f"/api/v1/cases/{case.pk}/transition/", payload, format="json"
    )


@pytest.mark.usefixtures("holidays_until_next_year")  # the case is registered now
def test_commissioner_files_and_grades_a_case(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    created = client_for(user).post(
        "/api/v1/cases/",
        {
            "enterprise": world.enterprise.pk,
            "title": "快递单价偏高",
            "description": "园区快递单价高于周边。",
            "category": "logistics",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    case = Case.objects.get(pk=created.json()["id"])
    assert case.status == "registered" and case.officer.user == user
    assert CaseEvent.objects.filter(case=case, action="register").exists()

    graded = transition(user, case, action="grade", grade="general")
    assert graded.status_code == 200, graded.json()
    assert graded.json()["status"]["code"] == "graded"
    assert graded.json()["due_at"] is not None


def test_invalid_transition_is_refused_with_reason(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    case = CaseFactory(enterprise=world.enterprise, officer=user.officer)
    response = transition(user, case, "zh-hans", action="accept")
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "registered"
    assert response.json()


def test_transition_needs_its_inputs(world: World, make_user: MakeUser) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    case = CaseFactory(enterprise=world.enterprise, officer=user.officer)
    response = transition(user, case, "en", action="grade")
    assert response.status_code == 400
    assert "grade" in response.json()
    unknown = transition(user, case, action="teleport")
    assert unknown.status_code == 400 and "action" in unknown.json()


def test_outsider_cannot_move_another_commissioners_case(world: World, make_user: MakeUser) -> None:
    owner = make_user("commissioner", enterprise=world.enterprise)
    outsider = make_user("commissioner", enterprise=world.other_enterprise)
    case = CaseFactory(enterprise=world.enterprise, officer=owner.officer)
    response = transition(outsider, case, action="grade", grade="urgent")
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.grade == ""


def test_auditor_cannot_move_a_case(world: World, make_user: MakeUser) -> None:
    owner = make_user("commissioner", enterprise=world.enterprise)
    auditor = make_user("auditor")
    case = CaseFactory(enterprise=world.enterprise, officer=owner.officer)
    assert transition(auditor, case, action="grade", grade="urgent").status_code == 403


def test_commissioner_logs_a_visit_only_for_own_enterprise(
    world: World, make_user: MakeUser
) -> None:
    user = make_user("commissioner", enterprise=world.enterprise)
    ok = client_for(user).post(
        "/api/v1/visits/",
        {"enterprise": world.enterprise.pk, "visited_on": "2026-11-20", "topics": "用工需求"},
        format="json",
    )
    assert ok.status_code == 201, ok.json()
    refused = client_for(user).post(
        "/api/v1/visits/",
        {"enterprise": world.other_enterprise.pk, "visited_on": "2026-11-20"},
        format="json",
    )
    assert refused.status_code == 400 and "enterprise" in refused.json()
    assert Visit.objects.count() == 1
    listed = client_for(user).get("/api/v1/visits/").json()
    assert [row["id"] for row in listed["results"]] == [ok.json()["id"]]
