"""Liaison fixtures: a park with an enterprise, its commissioner and red-leader secretary, and an
outsider commissioner assigned to another enterprise; the demo's roles in small
(:class:`DemoRoles`); and a helper that walks a case through its lifecycle."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from rest_framework.test import APIClient

from liaison import services
from liaison.models import Case, Decision, JointMeeting, Officer
from orgs.models import Enterprise, Organization, OrganizationScope, Park
from orgs.roles import role_group
from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    DecisionFactory,
    EnterpriseFactory,
    JointMeetingFactory,
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


def reviewer() -> Any:
    """A committee staff member who records return visits in the lifecycle helpers."""
    user = UserFactory(username="huifang")
    user.groups.add(role_group("committee_staff"))
    return user


def advance(
    case: Case,
    status: str,
    actor: Any,
    *,
    satisfaction: str = "satisfied",
    reviewed_by: Any = None,
) -> Case:
    """Bring a freshly registered case to ``status`` through the services: ``actor`` handles it,
    ``reviewed_by`` (by default committee staff) records the return visit, closes or reopens."""
    S = Case.Status
    grade = [(services.case_grade, {"grade": Case.Grade.GENERAL})]
    handled = [*grade, (services.case_handle, {})]
    started = [*handled, (services.case_start, {})]
    answered = [*started, (services.case_answer, {"answer": "已协调快递企业降价。"})]
    revisited = [*answered, (services.case_revisit, {"satisfaction": satisfaction})]
    paths: dict[str, list[tuple[Callable[..., Case], dict[str, Any]]]] = {
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
    reviewing = {services.case_revisit, services.case_close, services.case_reopen}
    if reviewed_by is None and any(step in reviewing for step, _kwargs in paths[status]):
        reviewed_by = reviewer()
    for service, kwargs in paths[status]:
        service(case=case, actor=reviewed_by if service in reviewing else actor, **kwargs)
    assert case.status == status
    return case


@dataclass
class DemoRoles:
    """The demo's cast in small: the red-leader secretary of the Shunhe park, commissioners of
    enterprises in three parks, committee staff; a case of Shunhe, two cases of other parks
    escalated to the joint meeting, and one not escalated. The meeting has both escalated cases
    on its agenda and a decision on each; commissioner02 attends it."""

    redleader: Officer
    commissioner01: Officer
    commissioner02: Officer
    commissioner03: Officer
    staff: Any
    shunhe_case: Case
    escalated_case: Case
    foreign_case: Case
    quiet_case: Case
    meeting: JointMeeting
    decision_on_foreign_case: Decision
    decision_on_escalated_case: Decision

    def admin(self, user: Any) -> Client:
        client = Client()
        client.force_login(getattr(user, "user", user))
        return client

    def api(self, user: Any) -> APIClient:
        client = APIClient()
        client.force_authenticate(getattr(user, "user", user))
        return client


def _registered(officer: Officer, enterprise: Enterprise, title: str) -> Case:
    new = CaseFactory.build(enterprise=enterprise, officer=officer, title=title)
    return services.case_register(case=new, actor=officer.user)


@pytest.fixture
def demo_roles(committee: Organization) -> DemoRoles:
    shunhe = ParkFactory(name="顺和直播电商科技产业园")
    qilu = ParkFactory(name="齐鲁e谷")
    linxi = ParkFactory(name="临西电商产业园")
    enterprises = [
        EnterpriseFactory(name="顺和直播小镇", park=shunhe),
        EnterpriseFactory(name="鲁南云仓", park=qilu),
        EnterpriseFactory(name="临西电商", park=linxi),
    ]
    officers = []
    for number, enterprise in enumerate(enterprises, start=1):
        officer = make_officer(
            f"commissioner{number:02d}", Officer.Role.COMMISSIONER, f"专员{number}"
        )
        AssignmentFactory(officer=officer, enterprise=enterprise)
        officers.append(officer)
    redleader = make_officer("redleader", Officer.Role.RED_LEADER, "李书记")
    AssignmentFactory(officer=redleader, enterprise=None, park=shunhe)
    staff = UserFactory(username="staff")
    staff.groups.add(role_group("committee_staff"))
    OrganizationScope.objects.create(user=staff, organization=committee)

    c01, c02, c03 = officers
    shunhe_case = _registered(c01, enterprises[0], "顺和直播小镇快递单价偏高")
    escalated_case = _registered(c02, enterprises[1], "鲁南云仓流动资金贷款")
    foreign_case = _registered(c03, enterprises[2], "临西基地二期用地指标")
    quiet_case = _registered(c03, enterprises[2], "临西电商主播公寓")
    for case, officer in ((escalated_case, c02), (foreign_case, c03)):
        advance(case, Case.Status.ESCALATED, officer.user)
    meeting = JointMeetingFactory(title="第四季度联席会议", convener=redleader)
    meeting.attendees.set([redleader, c02])
    meeting.cases.set([escalated_case, foreign_case])
    return DemoRoles(
        redleader=redleader,
        commissioner01=c01,
        commissioner02=c02,
        commissioner03=c03,
        staff=staff,
        shunhe_case=shunhe_case,
        escalated_case=escalated_case,
        foreign_case=foreign_case,
        quiet_case=quiet_case,
        meeting=meeting,
        decision_on_foreign_case=DecisionFactory(
            meeting=meeting, case=foreign_case, text="自然资源局开展二期规划选址"
        ),
        decision_on_escalated_case=DecisionFactory(
            meeting=meeting, case=escalated_case, text="财政局协调融资担保"
        ),
    )
