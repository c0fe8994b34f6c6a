"""Who takes which step of a case: each user is offered only the steps the rule table gives
their role, and the return visit (回访) with the enterprise's satisfaction — and the closing or
reopening that follows — is recorded by someone who did not handle the case, as in the 12345
hotline's practice. Tested as the demo's roles use it, in the admin and the API."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from liaison import rules, services
from liaison.models import Case
from tests.liaison.conftest import DemoRoles, advance

S = Case.Status


@pytest.fixture(autouse=True)
def chinese() -> None:
    translation.activate("zh-hans")


def step_url(case: Case, action: str) -> str:
    return reverse("admin:liaison_case_transition", args=[case.pk, action])


def offered(client: Any, case: Case) -> set[str]:
    """The steps the case page offers, by action name."""
    page = client.get(reverse("admin:liaison_case_change", args=[case.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    return {action for action in rules.TRANSITIONS if step_url(case, action) in html}


def answered(d: DemoRoles) -> Case:
    """The Shunhe case, handled by commissioner01 up to the answer."""
    return advance(d.shunhe_case, S.ANSWERED, d.commissioner01.user)


# --- the extension approval -------------------------------------------------------------------


def test_commissioner_is_not_offered_the_extension_approval(demo_roles: DemoRoles) -> None:
    d = demo_roles
    case = advance(d.shunhe_case, S.IN_PROGRESS, d.commissioner01.user)
    assert "approve_extension" not in offered(d.admin(d.commissioner01), case)
    assert "approve_extension" in offered(d.admin(d.redleader), case)


def test_commissioner_cannot_open_the_extension_approval(demo_roles: DemoRoles) -> None:
    d = demo_roles
    case = advance(d.shunhe_case, S.IN_PROGRESS, d.commissioner01.user)
    client = d.admin(d.commissioner01)
    assert client.get(step_url(case, "approve_extension")).status_code == 403
    assert client.post(step_url(case, "approve_extension"), {"note": ""}).status_code == 403
    refused = d.api(d.commissioner01).post(
        f"/api/v1/cases/{case.pk}/transition/", {"action": "approve_extension"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "只有红领书记可以执行“批准延期”。"
    case.refresh_from_db()
    assert case.extensions_approved == 0


def test_extension_is_offered_only_once_approved(demo_roles: DemoRoles) -> None:
    d = demo_roles
    case = advance(d.shunhe_case, S.IN_PROGRESS, d.commissioner01.user)
    assert "extend" not in offered(d.admin(d.commissioner01), case)
    services.case_approve_extension(case=case, actor=d.redleader.user)
    assert "extend" in offered(d.admin(d.commissioner01), case)
    assert "approve_extension" not in offered(d.admin(d.redleader), case)


# --- the return visit -------------------------------------------------------------------------


def test_handler_is_not_offered_the_return_visit(demo_roles: DemoRoles) -> None:
    d = demo_roles
    case = answered(d)
    assert offered(d.admin(d.commissioner01), case) == set()
    assert offered(d.admin(d.redleader), case) == {"revisit"}
    assert offered(d.admin(d.staff), case) == {"revisit"}


def test_handling_commissioner_cannot_record_the_return_visit(demo_roles: DemoRoles) -> None:
    d = demo_roles
    case = answered(d)
    response = d.api(d.commissioner01).post(
        f"/api/v1/cases/{case.pk}/transition/",
        {"action": "revisit", "satisfaction": "satisfied"},
        format="json",
    )
    assert response.status_code == 403
    assert "行业党委工作人员" in response.json()["detail"]
    assert d.admin(d.commissioner01).get(step_url(case, "revisit")).status_code == 403
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == (S.ANSWERED, "")


def test_red_leader_who_handled_a_case_cannot_record_its_return_visit(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    case = advance(d.shunhe_case, S.ANSWERED, d.redleader.user)
    assert "revisit" not in offered(d.admin(d.redleader), case)
    response = d.api(d.redleader).post(
        f"/api/v1/cases/{case.pk}/transition/",
        {"action": "revisit", "satisfaction": "satisfied"},
        format="json",
    )
    assert response.status_code == 400
    message = " ".join(response.json())
    assert "您参与了本诉求的办理" in message
    page = d.admin(d.redleader).post(step_url(case, "revisit"), {"satisfaction": "satisfied"})
    assert page.status_code == 200
    assert "您参与了本诉求的办理" in page.content.decode()
    case.refresh_from_db()
    assert case.status == S.ANSWERED


def test_committee_staff_record_the_return_visit_and_close_the_case(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    case = answered(d)
    client = d.admin(d.staff)
    visit = client.post(step_url(case, "revisit"), {"satisfaction": "basically", "note": ""})
    assert visit.status_code == 302, visit.content.decode()[:2000]
    assert offered(client, case) == {"close"}
    assert client.post(step_url(case, "close"), {"note": ""}).status_code == 302
    case.refresh_from_db()
    assert (case.status, case.satisfaction) == (S.CLOSED, "basically")
    reviewed = case.events.filter(action__in=["revisit", "close"])
    assert {event.actor for event in reviewed} == {d.staff}


def test_red_leader_reopens_a_case_the_enterprise_is_dissatisfied_with(
    demo_roles: DemoRoles,
) -> None:
    d = demo_roles
    case = answered(d)
    api = d.api(d.redleader)
    url = f"/api/v1/cases/{case.pk}/transition/"
    visit = api.post(url, {"action": "revisit", "satisfaction": "dissatisfied"}, format="json")
    assert visit.status_code == 200, visit.json()
    assert offered(d.admin(d.redleader), case) == {"reopen"}
    assert api.post(url, {"action": "reopen"}, format="json").status_code == 200
    case.refresh_from_db()
    assert case.status == S.REOPENED
    assert case.events.get(action="revisit").actor == d.redleader.user


def test_no_one_takes_a_case_from_registration_to_closed_alone(demo_roles: DemoRoles) -> None:
    d = demo_roles
    for user in (d.commissioner01.user, d.redleader.user):
        case = services.case_register(
            case=Case(
                enterprise=d.shunhe_case.enterprise,
                officer=d.commissioner01,
                title=f"{user.username}的诉求",
                description="—",
                category=Case.Category.OTHER,
            ),
            actor=user,
        )
        advance(case, S.ANSWERED, user)
        with pytest.raises(ValidationError):
            services.case_revisit(case=case, satisfaction="satisfied", actor=user)
        case.refresh_from_db()
        assert case.status == S.ANSWERED


@override_settings(DANGJIAN_RETURN_VISIT_ROLES=["committee_staff"])
def test_return_visit_roles_follow_the_setting(demo_roles: DemoRoles) -> None:
    d = demo_roles
    case = answered(d)
    assert offered(d.admin(d.redleader), case) == set()
    with pytest.raises(ValidationError) as refused:
        services.case_revisit(case=case, satisfaction="satisfied", actor=d.redleader.user)
    assert refused.value.messages == ["只有行业党委工作人员可以执行“登记回访”。"]
    services.case_revisit(case=case, satisfaction="satisfied", actor=d.staff)
    assert case.status == S.REVISITED


def test_committee_staff_do_not_handle_cases(demo_roles: DemoRoles) -> None:
    d = demo_roles
    client = d.admin(d.staff)
    assert offered(client, d.shunhe_case) == set()
    assert client.get(step_url(d.shunhe_case, "grade")).status_code == 403
    response = d.api(d.staff).post(
        f"/api/v1/cases/{d.shunhe_case.pk}/transition/",
        {"action": "grade", "grade": "general"},
        format="json",
    )
    assert response.status_code == 403
    d.shunhe_case.refresh_from_db()
    assert d.shunhe_case.status == S.REGISTERED


@pytest.mark.parametrize("roles", [[], ["red_leader", "returnvisitor"]])
def test_return_visit_roles_must_name_known_roles(roles: list[str]) -> None:
    with (
        override_settings(DANGJIAN_RETURN_VISIT_ROLES=roles),
        pytest.raises(SystemCheckError, match="DANGJIAN_RETURN_VISIT_ROLES"),
    ):
        call_command("check")


# --- the table itself -------------------------------------------------------------------------


def test_every_step_names_its_party() -> None:
    reviewer_steps = {
        name for name, rule in rules.TRANSITIONS.items() if rule.party is rules.Party.REVIEWER
    }
    assert reviewer_steps == {"revisit", "close", "reopen"}
    assert rules.party_roles(rules.Party.SUPERVISOR) == {"red_leader"}
    assert reviewer_steps.isdisjoint(rules.HANDLING_ACTIONS)
    assert "approve_extension" not in rules.HANDLING_ACTIONS
