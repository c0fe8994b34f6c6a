"""Liaison fixtures: a park with an enterprise, its commissioner and red-leader secretary, and an
outsider commissioner assigned to another enterprise."""

import datetime
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from liaison import services
from liaison.models import Case, Officer
from orgs.models import Enterprise, Park
from orgs.roles import role_group
from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    EnterpriseFactory,
    OfficerFactory,
    ParkFactory,
    UserFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def make_officer(username: str, role: str, name: str) -> Officer:
    user = UserFactory(username=username, email=f"{username}@example.org")
    user.groups.add(role_group("commissioner" if role == Officer.Role.COMMISSIONER else role))
    return OfficerFactory(user=user, role=role, name=name, unit="区商务局")


@pytest.fixture
def park(db: None) -> Park:
    return ParkFactory(name="顺和直播电商科技产业园")


@pytest.fixture
def enterprise(park: Park) -> Enterprise:
    return EnterpriseFactory(name="顺和直播小镇", park=park)


@pytest.fixture
def commissioner(enterprise: Enterprise) -> Officer:
    officer = make_officer("zhuanyuan", Officer.Role.COMMISSIONER, "张专员")
    AssignmentFactory(officer=officer, enterprise=enterprise, starts_on=datetime.date(2021, 3, 1))
    return officer


@pytest.fixture
def red_leader(park: Park) -> Officer:
    officer = make_officer("hongling", Officer.Role.RED_LEADER, "李书记")
    AssignmentFactory(
        officer=officer, enterprise=None, park=park, starts_on=datetime.date(2021, 3, 1)
    )
    return officer


@pytest.fixture
def outsider(db: None) -> Officer:
    officer = make_officer("waiyuan", Officer.Role.COMMISSIONER, "王专员")
    AssignmentFactory(officer=officer, enterprise=EnterpriseFactory(name="天源物流"))
    return officer


@pytest.fixture
def case(enterprise: Enterprise, commissioner: Officer) -> Case:
    new = CaseFactory.build(
        enterprise=enterprise,
        officer=commissioner,
        title="园区快递单价偏高",
        registered_at=datetime.datetime(2026, 9, 30, 10, 0, tzinfo=SHANGHAI),
    )
    return services.case_register(case=new, actor=commissioner.user)


@pytest.fixture
def client_for() -> Callable[[Officer], Client]:
    def login(officer: Officer) -> Client:
        client = Client()
        client.force_login(officer.user)
        return client

    return login


def advance(case: Case, status: str, actor: Any, *, satisfaction: str = "satisfied") -> Case:
    """Bring a freshly registered case to ``status`` through the services."""
    S = Case.Status
    paths: dict[str, list[tuple[Callable[..., Case], dict[str, Any]]]] = {}
    grade = [(services.case_grade, {"grade": Case.Grade.GENERAL})]
    handled = [*grade, (services.case_handle, {})]
    started = [*handled, (services.case_start, {})]
    answered = [*started, (services.case_answer, {"answer": "已协调快递企业降价。"})]
    revisited = [*answered, (services.case_revisit, {"satisfaction": satisfaction})]
    paths = {
        S.REGISTERED: [],
        S.GRADED: grade,
        S.DISPATCHED: [*grade, (services.case_dispatch, {"responsible_unit": "区邮政管理局"})],
        S.ESCALATED: [*grade, (services.case_escalate, {})],
        S.ACCEPTED: handled,
        S.IN_PROGRESS: started,
        S.ANSWERED: answered,
        S.REVISITED: revisited,
        S.CLOSED: [*revisited, (services.case_close, {})],
        S.REOPENED: [
            *answered,
            (services.case_revisit, {"satisfaction": "dissatisfied"}),
            (services.case_reopen, {}),
        ],
    }
    for service, kwargs in paths[status]:
        service(case=case, actor=actor, **kwargs)
    assert case.status == status
    return case
