"""Shared fixtures: a committee with two branches, the usual starting point of a test; the
holiday calendar of a year the package does not know."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from orgs.models import Organization
from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    MemberFactory,
    OfficerFactory,
    OrganizationFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Tests create many users; the production hasher is deliberately slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_working_days() -> None:
    """Working days are cached per process; each test counts by its own database's calendar."""
    from orgs import workdays

    workdays.forget()


# A 2027 arrangement assumed by the tests, not the State Council's notice (which
# ``chinese-calendar`` 1.11 does not carry): New Year's Day Friday 1 January with the weekend,
# National Day 1–7 October and a make-up working day on Saturday 9 October.
TEST_2027 = [
    *((datetime.date(2027, 1, day), "holiday", "元旦") for day in (1, 2, 3)),
    *((datetime.date(2027, 10, day), "holiday", "国庆节") for day in range(1, 8)),
    (datetime.date(2027, 10, 9), "make_up", "国庆节"),
]


@pytest.fixture
def calendar_2027(db: None) -> Any:
    """Committee staff have entered 2027 (the days of :data:`TEST_2027`)."""
    from orgs.holidays import DayEntry, calendar_year_sync

    days = [DayEntry(*entry) for entry in TEST_2027]
    return calendar_year_sync(year=2027, days=days, source="测试假设的安排", actor=None).year


@pytest.fixture
def holidays_until_next_year(db: None) -> None:
    """For tests whose dates follow the clock (a case registered or reopened now): the calendar
    of this year and the next, assumed where the package does not know them — :data:`TEST_2027`
    for 2027, New Year's Day alone for a later year."""
    from django.utils import timezone

    from orgs.holidays import DayEntry, calendar_year_sync
    from orgs.models import CalendarYear

    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        if not CalendarYear.objects.filter(year=year).exists():
            days = TEST_2027 if year == 2027 else [(datetime.date(year, 1, 1), "holiday", "元旦")]
            entries = [DayEntry(*day) for day in days]
            calendar_year_sync(year=year, days=entries, source="测试假设的安排", actor=None)


@pytest.fixture
def committee(db: None) -> Organization:
    return OrganizationFactory(name="测试行业党委", code="T-DW", kind=Organization.Kind.COMMITTEE)


@pytest.fixture
def branch(committee: Organization) -> Organization:
    return OrganizationFactory(name="一支部", code="T-ZB-A", parent=committee)


@pytest.fixture
def other_branch(committee: Organization) -> Organization:
    return OrganizationFactory(name="二支部", code="T-ZB-B", parent=committee)


@dataclass
class World:
    """Two branches, two commissioners with their own enterprise and case, and one account per
    role: the cast of every scope test."""

    committee: Organization
    branch_a: Organization
    branch_b: Organization
    member_a: Any
    member_b: Any
    enterprise_1: Any
    enterprise_2: Any
    case_1: Any
    case_2: Any
    users: dict[str, Any]

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client


def make_user(username: str, role: str | None, *organizations: Organization) -> Any:
    from orgs.models import OrganizationScope
    from orgs.roles import role_group

    user = UserFactory(username=username)
    if role:
        user.groups.add(role_group(role))
    for organization in organizations:
        OrganizationScope.objects.create(user=user, organization=organization)
    return user


@pytest.fixture
def world(committee: Organization, branch: Organization, other_branch: Organization) -> World:
    from liaison.models import Officer

    commissioner_1 = make_user("comm1", "commissioner")
    commissioner_2 = make_user("comm2", "commissioner")
    officer_1 = OfficerFactory(user=commissioner_1, name="专员甲")
    officer_2 = OfficerFactory(user=commissioner_2, name="专员乙")
    assignment_1 = AssignmentFactory(officer=officer_1)
    assignment_2 = AssignmentFactory(officer=officer_2)
    red_leader = make_user("redleader", "red_leader")
    red_officer = OfficerFactory(user=red_leader, role=Officer.Role.RED_LEADER, name="红领书记")
    AssignmentFactory(officer=red_officer, enterprise=None, park=assignment_1.enterprise.park)
    users = {
        "staff": make_user("staff", "committee_staff", committee),
        "secretary_a": make_user("secretary_a", "branch_secretary", branch),
        "secretary_b": make_user("secretary_b", "branch_secretary", other_branch),
        "commissioner_1": commissioner_1,
        "commissioner_2": commissioner_2,
        "red_leader": red_leader,
        "auditor": make_user("auditor", "auditor"),
        "system_admin": make_user("sysadmin", "system_admin"),
        "security_admin": make_user("secadmin", "security_admin"),
    }
    return World(
        committee=committee,
        branch_a=branch,
        branch_b=other_branch,
        member_a=MemberFactory(branch=branch, name="甲支部党员"),
        member_b=MemberFactory(branch=other_branch, name="乙支部党员"),
        enterprise_1=assignment_1.enterprise,
        enterprise_2=assignment_2.enterprise,
        case_1=CaseFactory(officer=officer_1, enterprise=assignment_1.enterprise, title="甲的诉求"),
        case_2=CaseFactory(officer=officer_2, enterprise=assignment_2.enterprise, title="乙的诉求"),
        users=users,
    )


@pytest.fixture
def demo(db: None) -> None:
    """The Lanshan demo (``seed_demo``), for tests that look at the system as its people do."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
