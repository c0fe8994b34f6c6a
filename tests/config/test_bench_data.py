"""``bench_data`` builds valid rows in the real shape, through the identity helpers, and
refuses a database holding other data; on PostgreSQL the scoped lists it serves are planned on
indexes, never as a sequential scan of the roster or of the cases."""

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from config.bench.data import ROOT_CODE, USERS, Builder, Sizes
from liaison.models import Case, CaseEvent
from members.models import Application, Member, StepRecord, Transfer
from orgs import crypto
from orgs.identifiers import mask_id_number, normalize_id_number, normalize_mobile
from orgs.models import Organization
from orgs.scope import visible
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _build(**sizes: int) -> None:
    values = {"members": 2000, "orgs": 80, "cases": 400, "applications": 40} | sizes
    Builder(Sizes(**values), log=lambda line: None).build()


def test_bench_data_is_valid_and_in_the_real_shape() -> None:
    _build()
    assert Member.objects.count() == 2000
    root = Organization.objects.get(code=ROOT_CODE)
    assert root.parent is None and Organization.objects.count() == 80
    secretary_branch = Organization.objects.get(code=f"{ROOT_CODE}-B000001")
    assert secretary_branch.members.count() == 50
    for member in Member.objects.order_by("?")[:50]:
        number = member.id_number
        assert normalize_id_number(number) == number
        assert member.id_number_hash == crypto.blind_index(number)
        assert member.id_number_masked == mask_id_number(number)
        assert member.mobile_hash == crypto.blind_index(normalize_mobile(member.mobile))
        member.full_clean()  # the model's own rules: dates, category, uniqueness
    assert set(Case.objects.values_list("status", flat=True)) == set(Case.Status.values)
    assert CaseEvent.objects.filter(action="escalate").exists()
    assert StepRecord.objects.count() > Application.objects.count()
    assert Transfer.objects.filter(from_branch=secretary_branch, state="issued").exists()


def test_bench_data_refuses_a_database_with_other_data() -> None:
    OrganizationFactory(code="LS-DW")
    with pytest.raises(CommandError, match="not bench data"):
        call_command("bench_data", "--members", "200")
    assert not Member.objects.exists()


def test_bench_data_refuses_to_build_twice() -> None:
    call_command("bench_data", "--members", "200", stdout=io.StringIO())
    with pytest.raises(CommandError, match="already holds bench data"):
        call_command("bench_data", "--members", "200")
    assert Member.objects.count() == 200


TABLES = ("members_member", "liaison_case")


def _full_scans(node: dict[str, Any]) -> list[str]:
    """Sequential scans of the roster or the cases in a plan."""
    found = []
    if node.get("Relation Name") in TABLES and node["Node Type"] == "Seq Scan":
        found.append(f"Seq Scan on {node['Relation Name']}")
    for child in node.get("Plans", []):
        found += _full_scans(child)
    return found


def _plans(queries: list[dict[str, str]]) -> dict[str, list[str]]:
    """The sequential scans of members or cases in the plan of every query on them."""
    plans = {}
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if sql.startswith("SELECT") and any(table in sql for table in TABLES):
                cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
                plans[sql] = _full_scans(cursor.fetchone()[0][0]["Plan"])
    return plans


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL")
def test_scoped_lists_are_planned_without_a_sequential_scan() -> None:
    """A branch secretary's member lists and a commissioner's case lists, admin and API, over a
    few thousand generated rows: every query on members or cases uses an index."""
    _build(members=5000, orgs=200, cases=20000, applications=50, enterprises=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    User = Member._meta.apps.get_model("auth", "User")
    pages = {
        USERS["branch_secretary"]: [
            reverse("admin:members_member_changelist"),
            "/api/v1/members/",
        ],
        USERS["commissioner"]: [reverse("admin:liaison_case_changelist"), "/api/v1/cases/"],
    }
    for username, urls in pages.items():
        user = User.objects.get(username=username)
        assert visible(Member.objects.all(), user).count() < 100 or username.endswith("ner")
        admin, api = Client(), APIClient()
        admin.force_login(user)
        api.force_authenticate(user)
        for url in urls:
            client = api if url.startswith("/api/") else admin
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            plans = _plans(queries.captured_queries)
            assert plans, url
            assert {sql: scans for sql, scans in plans.items() if scans} == {}, url
