"""Every list endpoint issues the same number of queries for 10 rows and for 100.

The fixed cost, for a user authenticated by the test client: the user's permissions (user
permissions, group permissions), the scope (role groups, organization scopes, liaison
assignments), then the page's own queries (a count for numbered pages; the rows; and one per
prefetched many-to-many for meetings).
"""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.api.conftest import MakeUser, World, client_for
from tests.factories import (
    AppraisalFactory,
    BranchMeetingFactory,
    CaseFactory,
    ComplaintFactory,
    DecisionFactory,
    DuesPaymentFactory,
    DuesStandardFactory,
    ImportJobFactory,
    JointMeetingFactory,
    MemberFactory,
    OrganizationFactory,
    PartyPostFactory,
    PlaqueFactory,
    PledgeSignatureFactory,
    PledgeTextFactory,
    PositionBookingFactory,
    SalesReportFactory,
    ShopFactory,
    StreamerFactory,
    TalentAwardFactory,
    TalentPolicyFactory,
    TrainingAttendanceFactory,
    TransferFactory,
    VisitFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db


def _meeting(w: World) -> Any:
    meeting = JointMeetingFactory()
    meeting.cases.add(CaseFactory(enterprise=w.enterprise))
    return meeting


def _enterprise(w: World) -> Any:
    return ShopFactory().enterprise


def _park(w: World) -> Any:
    return ShopFactory().enterprise.park


def _application(w: World) -> Any:
    from members.models import Application, RuleSet, StepRecord

    application = Application(
        name="申请人",
        gender="M",
        birth_date=datetime.date(1995, 6, 1),
        branch=w.branch,
        rule_set=RuleSet.objects.get(code="2014"),
    )
    application.id_number = make_id_number(datetime.date(1995, 6, 1), 31)
    application.save()
    StepRecord.objects.create(application=application, step=1, on=datetime.date(2026, 3, 1))
    return application


# name: (row maker, expected queries). The auditor sees everything, so the scope costs the
# role lookup only: permissions (2) + roles (1) + count (1) + rows (1) = 5; cursor pages have
# no count (4); meetings prefetch attendees and cases (+2); members read the page's dues
# standards and payments (+2).
LISTS: dict[str, tuple[Callable[[World], Any], int]] = {
    "organizations": (lambda w: OrganizationFactory(parent=w.branch), 5),
    "members": (lambda w: MemberFactory(branch=w.branch), 6),
    "enterprises": (_enterprise, 5),
    "parks": (_park, 5),
    "shops": (lambda w: ShopFactory(enterprise=w.enterprise), 5),
    "streamers": (lambda w: StreamerFactory(enterprise=w.enterprise), 5),
    "plaques": (lambda w: PlaqueFactory(shop=ShopFactory(enterprise=w.enterprise)), 5),
    "complaints": (lambda w: ComplaintFactory(shop=ShopFactory(enterprise=w.enterprise)), 5),
    "pledges": (lambda w: PledgeTextFactory(), 5),
    "pledge-signatures": (lambda w: PledgeSignatureFactory(enterprise=w.enterprise), 5),
    "sales": (lambda w: SalesReportFactory(enterprise=w.enterprise), 5),
    "position-bookings": (lambda w: PositionBookingFactory(organization=w.branch), 5),
    "talent-awards": (lambda w: TalentAwardFactory(enterprise=w.enterprise), 5),
    "talent-policies": (lambda w: TalentPolicyFactory(), 5),
    # the attendance figures are annotations of the rows' query
    "training-sessions": (
        lambda w: TrainingAttendanceFactory(session__organizer=w.branch).session,
        5,
    ),
    "training-attendances": (lambda w: TrainingAttendanceFactory(member__branch=w.branch), 5),
    "cases": (lambda w: CaseFactory(enterprise=w.enterprise), 4),
    "meetings": (_meeting, 7),
    "decisions": (lambda w: DecisionFactory(case=CaseFactory(enterprise=w.enterprise)), 5),
    "visits": (lambda w: VisitFactory(enterprise=w.enterprise), 5),
    "transfers": (lambda w: TransferFactory(member=MemberFactory(branch=w.branch)), 5),
    "member-imports": (lambda w: ImportJobFactory(), 5),
    "dues-standards": (lambda w: DuesStandardFactory(member__branch=w.branch), 5),
    "dues-payments": (lambda w: DuesPaymentFactory(member__branch=w.branch), 5),
    # + the attendance with its members, prefetched (1)
    "branch-meetings": (lambda w: BranchMeetingFactory(organization=w.branch), 6),
    "party-posts": (lambda w: PartyPostFactory(organization=w.branch), 5),
    # + the grades, prefetched (1)
    "appraisals": (lambda w: AppraisalFactory(branch=OrganizationFactory(parent=w.branch)), 6),
    # cursor page (4) + the applications' steps, prefetched (1)
    "applications": (_application, 5),
}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("rows", [10, 100])
def test_list_query_count_is_constant(
    name: str,
    rows: int,
    world: World,
    make_user: MakeUser,
    django_assert_num_queries: Any,
) -> None:
    make_row, expected = LISTS[name]
    for _ in range(rows):
        make_row(world)
    client = client_for(make_user("auditor"))
    with django_assert_num_queries(expected):
        response = client.get(f"/api/v1/{name}/?page_size=100")
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


@pytest.mark.parametrize("rows", [10, 100])
def test_scoped_member_list_query_count_is_constant(
    rows: int, world: World, make_user: MakeUser, django_assert_num_queries: Any
) -> None:
    """A branch secretary: permissions (2), roles (1), organization scopes (1), liaison
    assignments (1), the scope's organization ids (1) and in-transit members (1), rows (1), the
    page's dues standards and payments (2)."""
    for _ in range(rows):
        MemberFactory(branch=world.branch)
    client = client_for(make_user("branch_secretary", organization=world.branch))
    with django_assert_num_queries(10):
        response = client.get("/api/v1/members/?page_size=100")
    assert len(response.json()["results"]) == rows


@pytest.mark.parametrize("rows", [10, 100])
def test_revealed_member_list_query_count_is_constant(
    rows: int, world: World, make_user: MakeUser, django_assert_num_queries: Any
) -> None:
    """Revealing adds one audit write for the whole page, however many rows: a savepoint, the
    chain's last hash, one bulk insert of an entry per row, the release (the content type is
    cached), and on PostgreSQL the advisory lock that keeps the chain from forking. A page of the
    default size (50) is used: SQLite splits inserts of more than 83 audit rows into batches,
    PostgreSQL does not. The page's dues standards and payments cost two more."""
    for _ in range(rows):
        MemberFactory(branch=world.branch)
    client = client_for(make_user("auditor", reveal=True))
    expected = 11 if connection.vendor == "postgresql" else 10
    with django_assert_num_queries(expected):
        response = client.get("/api/v1/members/")
    assert len(response.json()["results"]) == min(rows, 50)


@pytest.mark.parametrize("rows", [10, 100])
def test_complaint_evidence_list_query_count_is_constant(
    rows: int,
    world: World,
    make_user: MakeUser,
    django_assert_num_queries: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    """Permissions (2), roles (1), the complaint (1), its files with their uploaders (1)."""
    from django.core.files.base import ContentFile

    from merchants.models import ComplaintEvidence

    settings.MEDIA_ROOT = str(tmp_path)
    complaint = ComplaintFactory(shop=ShopFactory(enterprise=world.enterprise))
    for n in range(rows):
        ComplaintEvidence.objects.create(
            complaint=complaint, file=ContentFile(b"%PDF-1.4", name=f"e{n}.pdf")
        )
    client = client_for(make_user("auditor"))
    with django_assert_num_queries(5):
        response = client.get(f"/api/v1/complaints/{complaint.pk}/evidence/")
    assert len(response.json()) == rows
