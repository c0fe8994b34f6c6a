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


@pytest.fixture(scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def own_media_root(settings: Any, media_root: str) -> None:
    """Uploaded files go to a folder of this test process, not to the working tree's ``var/``
    (the suite runs in several processes at once)."""
    settings.MEDIA_ROOT = media_root


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


@dataclass
class DemoSnapshot:
    """Every table's rows once ``seed_demo`` has run on the migrated test database, and what
    the command printed."""

    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]
    output: str


def _tables_parents_first() -> list[str]:
    """The tables, each after the tables its foreign keys point to (but for cycles, such as a
    park and its managing enterprise): SQLite checks a row's references as it is written, and
    a parent written after its children is looked up in them."""
    from django.apps import apps
    from django.db import connection

    existing = set(connection.introspection.table_names())
    parents: dict[str, set[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in existing and not model._meta.proxy:
            parents.setdefault(model._meta.db_table, set()).update(
                field.related_model._meta.db_table
                for field in model._meta.concrete_fields
                if field.is_relation and field.related_model is not model
            )
    order: list[str] = []
    seen: set[str] = set()

    def visit(table: str) -> None:
        if table not in seen:
            seen.add(table)
            for parent in sorted(parents.get(table, ())):
                visit(parent)
            order.append(table)

    for table in sorted(parents):
        visit(table)
    return [table for table in order if table in parents]


def _table_rows() -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    from django.db import connection

    tables = {}
    with connection.cursor() as cursor:
        for table in _tables_parents_first():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            tables[table] = (columns, [tuple(row) for row in cursor.fetchall()])
    return tables


def _postgresql_rows(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """The rows as psycopg writes them: it reads JSON as Python values, and writes Jsonb."""
    from psycopg.types.json import Jsonb

    return [tuple(Jsonb(v) if isinstance(v, dict | list) else v for v in row) for row in rows]


def _restore(snapshot: DemoSnapshot) -> None:
    """Make every table hold exactly the snapshot's rows, then move the sequences past them."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.core.management.color import no_style
    from django.db import connection

    rows_of = _postgresql_rows if connection.vendor == "postgresql" else list
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in reversed(snapshot.tables):
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, rows) in snapshot.tables.items():
            if rows:
                names = ", ".join(quote(column) for column in columns)
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})",
                    rows_of(rows),
                )
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    # The content types' ids are the snapshot's (a flush by a transactional test renumbers
    # them): forget the cached ones and cache these, in one query.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup: None, django_db_blocker: Any) -> DemoSnapshot:
    """The demo, built once per test session (building it takes a while) in a transaction
    rolled back at once; the ``demo`` fixture copies its rows into each test's database."""
    import io

    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # as every test has them
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=hashers),
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("seed_demo", stdout=out)
        snapshot = DemoSnapshot(tables=_table_rows(), output=out.getvalue())
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def demo(demo_snapshot: DemoSnapshot, db: None) -> str:
    """The Lanshan demo (``seed_demo``), for tests that look at the system as its people do;
    each test gets the demo afresh, as the command wrote it. Returns what the command printed."""
    _restore(demo_snapshot)
    return demo_snapshot.output
