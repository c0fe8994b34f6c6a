"""Every changelist issues the same, pinned number of queries for 5 rows and for 20.

For a superuser the usual cost is: session, user, one count bounded at 10,000 rows (no second
count of the unfiltered table, no date hierarchy on the big tables), the page of rows (related
objects joined), and one query per related-object list filter that enumerates choices (the
organization filter picks by autocomplete and enumerates none); admin_client's login adds
nothing per row."""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    AssignmentFactory,
    BranchMeetingFactory,
    CaseFactory,
    ComplaintFactory,
    DecisionFactory,
    DuesPaymentFactory,
    DuesStandardFactory,
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
    "orgs_organization": (OrganizationFactory, 8),
    "orgs_enterprise": (EnterpriseFactory, 9),
    "orgs_park": (ParkFactory, 8),
    "orgs_position": (PositionFactory, 8),
    "members_member": (MemberFactory, 8),
    "members_transfer": (TransferFactory, 8),
    "members_mobilemembership": (MobileMembershipFactory, 8),
    "merchants_shop": (ShopFactory, 8),
    "merchants_streamer": (StreamerFactory, 8),
    "liaison_officer": (OfficerFactory, 8),
    "liaison_assignment": (AssignmentFactory, 8),
    "liaison_case": (CaseFactory, 8),
    "liaison_visit": (VisitFactory, 8),
    "liaison_jointmeeting": (JointMeetingFactory, 10),
    "liaison_decision": (DecisionFactory, 8),
    "members_duesstandard": (DuesStandardFactory, 8),
    "members_duespayment": (DuesPaymentFactory, 8),
    "members_branchmeeting": (BranchMeetingFactory, 8),
    "merchants_plaque": (PlaqueFactory, 10),  # + the date hierarchy (2)
    "merchants_complaint": (ComplaintFactory, 10),  # + the date hierarchy (2)
    "merchants_pledgetext": (PledgeTextFactory, 8),
    "merchants_talentpolicy": (TalentPolicyFactory, 8),
    "merchants_talentaward": (TalentAwardFactory, 11),  # + date hierarchy (2), measure filter
    "members_trainingsession": (TrainingSessionFactory, 10),  # + the date hierarchy (2)
    "merchants_positionbooking": (PositionBookingFactory, 10),  # + the date hierarchy (2)
    "merchants_salesreport": (
        SalesReportFactory,
        8,
    ),  # no date drill-down: a row per streamer and day
    "merchants_pledgesignature": (PledgeSignatureFactory, 11),  # + date hierarchy, pledge filter
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
    """The scoped path costs 7 more queries than a superuser's, once per page: the user's and
    the groups' permissions, the role names, the organization scopes and the officer
    assignments that may add enterprises; then the scope resolved to ids, the organizations of
    its subtrees and the members transfers are taking out of them."""
    client = world.client("secretary_a")
    url = reverse("admin:members_member_changelist")
    for _ in range(5):
        MemberFactory(branch=world.branch_a)
    small = _count(client, url)
    for _ in range(15):
        MemberFactory(branch=world.branch_a)
    assert _count(client, url) == small == 15
