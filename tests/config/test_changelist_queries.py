"""Every changelist issues the same, pinned number of queries for 5 rows and for 20.

For a superuser the usual cost is: session, user, the count of all rows and of filtered rows,
the page of rows (related objects joined), and one query per related-object list filter that
enumerates choices; admin_client's login adds nothing per row."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AssignmentFactory,
    CaseFactory,
    ComplaintFactory,
    DecisionFactory,
    EnterpriseFactory,
    JointMeetingFactory,
    MemberFactory,
    MobileMembershipFactory,
    OfficerFactory,
    OrganizationFactory,
    ParkFactory,
    PlaqueFactory,
    PledgeSignatureFactory,
    PledgeTextFactory,
    PositionBookingFactory,
    PositionFactory,
    SalesReportFactory,
    ShopFactory,
    StreamerFactory,
    TalentAwardFactory,
    TalentPolicyFactory,
    TrainingSessionFactory,
    TransferFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db

# changelist → (row maker, pinned query count)
CHANGELISTS: dict[str, tuple[Callable[[], Any], int]] = {
    "orgs_organization": (OrganizationFactory, 9),
    "orgs_enterprise": (EnterpriseFactory, 10),
    "orgs_park": (ParkFactory, 9),
    "orgs_position": (PositionFactory, 9),
    "members_member": (MemberFactory, 12),
    "members_transfer": (TransferFactory, 9),
    "members_mobilemembership": (MobileMembershipFactory, 9),
    "merchants_shop": (ShopFactory, 9),
    "merchants_streamer": (StreamerFactory, 9),
    "merchants_plaque": (PlaqueFactory, 11),  # + the date hierarchy (2)
    "merchants_complaint": (ComplaintFactory, 11),  # + the date hierarchy (2)
    "merchants_pledgetext": (PledgeTextFactory, 9),
    "merchants_talentpolicy": (TalentPolicyFactory, 9),
    "merchants_talentaward": (TalentAwardFactory, 12),  # + date hierarchy (2), measure filter
    "members_trainingsession": (TrainingSessionFactory, 11),  # + the date hierarchy (2)
    "merchants_positionbooking": (PositionBookingFactory, 11),  # + the date hierarchy (2)
    "merchants_salesreport": (SalesReportFactory, 11),  # + the date hierarchy (2)
    "merchants_pledgesignature": (PledgeSignatureFactory, 12),  # + date hierarchy, pledge filter
    "liaison_officer": (OfficerFactory, 9),
    "liaison_assignment": (AssignmentFactory, 9),
    "liaison_case": (CaseFactory, 11),
    "liaison_visit": (VisitFactory, 11),
    "liaison_jointmeeting": (JointMeetingFactory, 11),
    "liaison_decision": (DecisionFactory, 9),
}


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_query_count_is_pinned_and_constant(admin_client: Client, name: str) -> None:
    make, expected = CHANGELISTS[name]
    url = reverse(f"admin:{name}_changelist")
    for _ in range(5):
        make()
    small = _count(admin_client, url)
    for _ in range(15):
        make()
    large = _count(admin_client, url)
    assert small == large
    assert large == expected


def test_secretary_member_changelist_is_pinned_and_constant(world: Any) -> None:
    """The scoped path costs 5 more queries than a superuser's, once per page: the user's and
    the groups' permissions, the role names, the organization scopes and the officer
    assignments that may add enterprises."""
    client = world.client("secretary_a")
    url = reverse("admin:members_member_changelist")
    for _ in range(5):
        MemberFactory(branch=world.branch_a)
    small = _count(client, url)
    for _ in range(15):
        MemberFactory(branch=world.branch_a)
    assert _count(client, url) == small == 17
