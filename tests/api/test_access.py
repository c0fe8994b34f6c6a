"""Every endpoint: anonymous 401, the allowed role 200, an outsider neither lists nor reaches
the row (404, never 403)."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.conftest import MakeUser, World, client_for
from tests.factories import (
    AppraisalFactory,
    BranchMeetingFactory,
    CaseFactory,
    ComplaintFactory,
    DecisionFactory,
    DuesPaymentFactory,
    DuesStandardFactory,
    JointMeetingFactory,
    MemberFactory,
    PartyPostFactory,
    PlaqueFactory,
    PledgeSignatureFactory,
    PositionBookingFactory,
    SalesReportFactory,
    ShopFactory,
    StreamerFactory,
    TalentAwardFactory,
    TrainingAttendanceFactory,
    VisitFactory,
)

pytestmark = pytest.mark.django_db


def _meeting(w: World) -> Any:
    meeting = JointMeetingFactory()
    meeting.cases.add(CaseFactory(enterprise=w.enterprise))
    return meeting


def _branch_secretary(make_user: MakeUser, w: World, inside: bool) -> Any:
    return make_user("branch_secretary", organization=w.branch if inside else w.other_branch)


def _commissioner(make_user: MakeUser, w: World, inside: bool) -> Any:
    return make_user("commissioner", enterprise=w.enterprise if inside else w.other_enterprise)


ENDPOINTS: dict[str, tuple[Callable[[World], Any], Callable[..., Any]]] = {
    "organizations": (lambda w: w.branch, _branch_secretary),
    "members": (lambda w: MemberFactory(branch=w.branch), _branch_secretary),
    "enterprises": (lambda w: w.enterprise, _commissioner),
    "parks": (lambda w: w.enterprise.park, _commissioner),
    "shops": (lambda w: ShopFactory(enterprise=w.enterprise), _commissioner),
    "streamers": (lambda w: StreamerFactory(enterprise=w.enterprise), _commissioner),
    "plaques": (lambda w: PlaqueFactory(shop=ShopFactory(enterprise=w.enterprise)), _commissioner),
    "complaints": (
        lambda w: ComplaintFactory(shop=ShopFactory(enterprise=w.enterprise)),
        _commissioner,
    ),
    "pledge-signatures": (lambda w: PledgeSignatureFactory(enterprise=w.enterprise), _commissioner),
    "sales": (lambda w: SalesReportFactory(enterprise=w.enterprise), _commissioner),
    "position-bookings": (
        lambda w: PositionBookingFactory(organization=w.branch),
        _branch_secretary,
    ),
    "talent-awards": (lambda w: TalentAwardFactory(enterprise=w.enterprise), _commissioner),
    "training-attendances": (
        lambda w: TrainingAttendanceFactory(member__branch=w.branch),
        _branch_secretary,
    ),
    "cases": (lambda w: CaseFactory(enterprise=w.enterprise), _commissioner),
    "meetings": (_meeting, _commissioner),
    "decisions": (
        lambda w: DecisionFactory(case=CaseFactory(enterprise=w.enterprise)),
        _commissioner,
    ),
    "visits": (lambda w: VisitFactory(enterprise=w.enterprise), _commissioner),
    "dues-standards": (lambda w: DuesStandardFactory(member__branch=w.branch), _branch_secretary),
    "dues-payments": (lambda w: DuesPaymentFactory(member__branch=w.branch), _branch_secretary),
    "branch-meetings": (lambda w: BranchMeetingFactory(organization=w.branch), _branch_secretary),
    "party-posts": (lambda w: PartyPostFactory(organization=w.branch), _branch_secretary),
    "appraisals": (lambda w: AppraisalFactory(branch=w.branch), _branch_secretary),
}


@pytest.mark.parametrize("name", ENDPOINTS)
def test_anonymous_gets_401_with_authenticate_header(name: str, world: World) -> None:
    make_obj, _user = ENDPOINTS[name]
    obj = make_obj(world)
    for url in (f"/api/v1/{name}/", f"/api/v1/{name}/{obj.pk}/"):
        response = client_for().get(url)
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("name", ENDPOINTS)
def test_allowed_role_lists_and_reads_the_row(name: str, world: World, make_user: MakeUser) -> None:
    make_obj, make_role_user = ENDPOINTS[name]
    obj = make_obj(world)
    client = client_for(make_role_user(make_user, world, True))
    listing = client.get(f"/api/v1/{name}/")
    assert listing.status_code == 200
    assert obj.pk in [row["id"] for row in listing.json()["results"]]
    detail = client.get(f"/api/v1/{name}/{obj.pk}/")
    assert detail.status_code == 200
    assert detail.json()["id"] == obj.pk


@pytest.mark.parametrize("name", ENDPOINTS)
def test_outsider_gets_404_and_does_not_list_the_row(
    name: str, world: World, make_user: MakeUser
) -> None:
    make_obj, make_role_user = ENDPOINTS[name]
    obj = make_obj(world)
    client = client_for(make_role_user(make_user, world, False))
    listing = client.get(f"/api/v1/{name}/")
    assert listing.status_code == 200
    assert obj.pk not in [row["id"] for row in listing.json()["results"]]
    assert client.get(f"/api/v1/{name}/{obj.pk}/").status_code == 404


def test_role_without_the_view_permission_is_refused(world: World, make_user: MakeUser) -> None:
    secretary = make_user("branch_secretary", organization=world.branch)
    assert client_for(secretary).get("/api/v1/cases/").status_code == 403


def test_auditor_reads_everything(world: World, make_user: MakeUser) -> None:
    member = MemberFactory(branch=world.other_branch)
    response = client_for(make_user("auditor")).get(f"/api/v1/members/{member.pk}/")
    assert response.status_code == 200
