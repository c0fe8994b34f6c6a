"""Every changelist and API list costs the same number of queries at 10 rows and at 100, for
each scoped role that may open it (committee staff, a branch secretary, a commissioner, the
red-leader secretary, the auditor), and the count is pinned.

A scoped role pays once per request for what its scope resolves — the organization ids of its
subtrees, the members transfers are taking out of them, its officer record, a commissioner's
cases (for meetings and decisions), the escalated cases of the joint meeting — and then filters
with ``IN`` on those ids; none of it grows with the rows. The rows are created inside the
role's scope, so that every page holds them.
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from tests.conftest import World
from tests.factories import (
    CaseFactory,
    DecisionFactory,
    EnterpriseFactory,
    JointMeetingFactory,
    MemberFactory,
    MobileMembershipFactory,
    OrganizationFactory,
    ShopFactory,
    StreamerFactory,
    TransferFactory,
    VisitFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db


def _application(w: World) -> Any:
    from members.models import Application, RuleSet, StepRecord

    application = Application(
        name="申请人",
        gender="M",
        birth_date=datetime.date(1995, 6, 1),
        branch=w.branch_a,
        rule_set=RuleSet.objects.get(code="2014"),
    )
    application.id_number = make_id_number(
        datetime.date(1995, 6, 1),
        31 + 2 * _application.made,  # type: ignore[attr-defined]
    )
    _application.made += 1  # type: ignore[attr-defined]
    application.save()
    StepRecord.objects.create(application=application, step=1, on=datetime.date(2026, 3, 1))
    return application


_application.made = 0  # type: ignore[attr-defined]


def _officer(w: World) -> Any:
    return w.users["commissioner_1"].officer


def _case(w: World) -> Any:
    return CaseFactory(enterprise=w.enterprise_1, officer=_officer(w))


def _meeting(w: World) -> Any:
    meeting = JointMeetingFactory()
    meeting.cases.add(_case(w))
    return meeting


# list → (row maker, {role: (admin queries, API queries)}); None where the role has no such page.
Row = Callable[[World], Any]
LISTS: dict[str, tuple[str | None, str | None, Row, dict[str, tuple[int | None, int | None]]]] = {
    "member": (
        "members_member",
        "members",
        lambda w: MemberFactory(branch=w.branch_a),
        {"staff": (12, 7), "secretary_a": (15, 10)},  # the dues of the page (+2)
    ),
    "application": (
        "members_application",
        "applications",
        _application,
        {"staff": (12, 6), "secretary_a": (14, 8)},
    ),
    "transfer": (
        "members_transfer",
        "transfers",
        lambda w: TransferFactory(member=MemberFactory(branch=w.branch_a)),
        {"staff": (12, 6), "secretary_a": (16, 10)},
    ),
    "mobile member": (
        "members_mobilemembership",
        None,
        lambda w: MobileMembershipFactory(member=MemberFactory(branch=w.branch_a)),
        {"staff": (12, None), "secretary_a": (16, None)},
    ),
    "organization": (
        "orgs_organization",
        "organizations",
        lambda w: OrganizationFactory(parent=w.branch_a),
        {"staff": (12, 6), "secretary_a": (14, 8)},
    ),
    "enterprise": (
        "orgs_enterprise",
        "enterprises",
        lambda w: EnterpriseFactory(),
        {"staff": (13, 6), "secretary_a": (14, 7)},
    ),
    "case": (
        "liaison_case",
        "cases",
        _case,
        {"staff": (12, 5), "commissioner_1": (14, 7), "red_leader": (16, 9)},
    ),
    "visit": (
        "liaison_visit",
        "visits",
        lambda w: VisitFactory(enterprise=w.enterprise_1, officer=_officer(w)),
        {"staff": (12, 6), "commissioner_1": (14, 8)},
    ),
    "meeting": (
        "liaison_jointmeeting",
        "meetings",
        _meeting,
        {"staff": (14, 8), "commissioner_1": (17, 11), "red_leader": (18, 12)},
    ),
    "decision": (
        "liaison_decision",
        "decisions",
        lambda w: DecisionFactory(case=_case(w)),
        {"staff": (12, 6), "commissioner_1": (15, 9)},
    ),
    "shop": (
        "merchants_shop",
        "shops",
        lambda w: ShopFactory(enterprise=w.enterprise_1),
        {"staff": (12, 6), "commissioner_1": (13, 7)},
    ),
    "streamer": (
        "merchants_streamer",
        "streamers",
        lambda w: StreamerFactory(enterprise=w.enterprise_1),
        {"staff": (12, 6), "commissioner_1": (13, 7)},
    ),
    "audit entry": (
        "orgs_auditentry",
        None,
        lambda w: OrganizationFactory(parent=w.branch_b),
        {"auditor": (12, None)},
    ),
}


def _admin_queries(user: Any, name: str) -> int:
    client = Client()
    client.force_login(user)
    url = reverse(f"admin:{name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _api_queries(user: Any, name: str) -> int:
    client = APIClient()
    client.force_authenticate(get_user_model().objects.get(pk=user.pk))  # as a fresh request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/v1/{name}/?page_size=100")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("list_name", LISTS)
def test_scoped_list_queries_are_pinned_and_constant(world: World, list_name: str) -> None:
    changelist, endpoint, make_row, pinned = LISTS[list_name]
    measured: dict[int, dict[str, tuple[int | None, int | None]]] = {}
    made = 0
    for rows in (10, 100):
        for _ in range(rows - made):
            make_row(world)
        made = rows
        measured[rows] = {
            role: (
                _admin_queries(world.users[role], changelist) if changelist else None,
                _api_queries(world.users[role], endpoint) if endpoint else None,
            )
            for role in pinned
        }
    assert measured[10] == measured[100], "the query count grows with the rows"
    assert measured[100] == pinned
