"""The members entitled to vote at the admission and conversion meetings come from the roster:
the branch's full members on the meeting date (probationary members do not vote). A larger
number is refused; a smaller one needs the reason (members excused under the rules); left
out, the roster's number is taken — in the service, the admin form and the API."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from members.development import application_record_step
from members.development_roster import branch_full_members_on
from members.models import Member
from members.services import member_change_status
from members.transfers import member_transfer_internal
from orgs.models import Organization
from tests.conftest import World, make_user
from tests.factories import MemberFactory, OrganizationFactory
from tests.members.development_support import ROSTER, D, state, submit, today, vote, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db
MEETING = D(2023, 8, 1)  # the admission meeting of the plan


@pytest.fixture
def staff(committee: Organization) -> Any:
    return make_user("dev_staff", "committee_staff", committee)


def at_meeting(branch: Organization, staff: Any) -> Any:
    application = submit(branch, staff)
    walk(application, staff, 14)
    return application


def refused(application: Any, actor: Any, **kw: Any) -> str:
    before = state(application)
    with pytest.raises(ValidationError) as error:
        application_record_step(application=application, step=15, on=MEETING, actor=actor, **kw)
    assert state(application) == before
    return " ".join(error.value.messages)


def test_more_entitled_than_full_members_on_the_roster_is_refused(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at_meeting(branch, staff)
    message = refused(application, staff, **vote(20, 15, 12))
    assert "应到会有表决权" in message and f"{ROSTER}名正式党员" in message


def test_probationary_members_and_later_full_members_are_not_entitled(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at_meeting(branch, staff)
    MemberFactory(branch=branch, category="probationary", full_membership_date=None)
    MemberFactory(branch=branch, full_membership_date=D(2023, 8, 2))
    MemberFactory(branch=branch, admission_date=D(2023, 9, 1), full_membership_date=D(2024, 9, 1))
    assert len(branch_full_members_on(branch, MEETING)) == ROSTER
    assert f"{ROSTER}名正式党员" in refused(application, staff, **vote(ROSTER + 1, 8, 7))


def test_members_who_left_after_the_meeting_were_entitled_and_those_gone_before_were_not(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at_meeting(branch, staff)
    elsewhere = OrganizationFactory(parent=branch.parent)
    moved_later = MemberFactory(branch=branch)
    member_transfer_internal(member=moved_later, to_branch=elsewhere, on=D(2025, 3, 1), actor=staff)
    died_later = MemberFactory(branch=branch)
    member_change_status(
        member=died_later,
        to_status=Member.Status.DECEASED,
        on=D(2024, 1, 5),
        reason="",
        actor=staff,
    )
    lapsed_before = MemberFactory(branch=branch)
    member_change_status(
        member=lapsed_before,
        to_status=Member.Status.LAPSED,
        on=D(2023, 3, 1),
        reason="",
        actor=staff,
    )
    arrived_later = MemberFactory(branch=elsewhere)
    member_transfer_internal(member=arrived_later, to_branch=branch, on=D(2024, 2, 1), actor=staff)
    voters = branch_full_members_on(branch, MEETING)
    assert {m.pk for m in voters} >= {moved_later.pk, died_later.pk}
    assert lapsed_before.pk not in {m.pk for m in voters}
    assert arrived_later.pk not in {m.pk for m in voters}
    assert len(voters) == ROSTER + 2
    application_record_step(
        application=application, step=15, on=MEETING, actor=staff, **vote(ROSTER + 2, 10, 9)
    )


def test_fewer_entitled_than_the_roster_needs_the_reason(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at_meeting(branch, staff)
    message = refused(application, staff, **vote(ROSTER - 2, 6, 5))
    assert "原因" in message and f"{ROSTER}名正式党员" in message
    reason = "2名党员受留党察看处分，没有表决权"
    record = application_record_step(
        application=application,
        step=15,
        on=MEETING,
        actor=staff,
        vote_entitled_reason=reason,
        **vote(ROSTER - 2, 6, 5),
    )
    assert (record.vote_entitled, record.vote_roster, record.vote_entitled_reason) == (
        ROSTER - 2,
        ROSTER,
        reason,
    )


def test_entitled_left_out_is_taken_from_the_roster(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = at_meeting(branch, staff)
    figures = vote(present=8, yes=7)
    del figures["vote_entitled"]
    record = application_record_step(
        application=application, step=15, on=MEETING, actor=staff, **figures
    )
    assert (record.vote_entitled, record.vote_roster) == (ROSTER, ROSTER)


def test_record_step_form_prefills_entitled_from_the_roster(world: World, today: Any) -> None:
    staff = world.users["staff"]
    application = at_meeting(world.branch_a, staff)
    client = world.client("staff")
    url = reverse("admin:members_application_record_step", args=[application.pk])
    full_today = len(branch_full_members_on(world.branch_a, today))
    page = client.get(url).content.decode()
    assert f'name="vote_entitled" value="{full_today}"' in page
    data = {"step": 15, "on": MEETING.isoformat(), **vote(20, 15, 12)}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "应到会有表决权" in response.content.decode()
    assert application.steps.filter(step=15).count() == 0


def test_api_checks_entitled_against_the_roster_and_tells_the_number(
    world: World, today: Any
) -> None:
    staff = world.users["staff"]
    application = at_meeting(world.branch_a, staff)
    client = APIClient()
    client.force_authenticate(staff)
    voters = client.get(
        f"/api/v1/applications/{application.pk}/voters/", {"on": MEETING.isoformat()}
    )
    expected = len(branch_full_members_on(world.branch_a, MEETING))
    assert voters.status_code == 200 and voters.json() == {
        "on": MEETING.isoformat(),
        "full_members": expected,
    }
    url = f"/api/v1/applications/{application.pk}/steps/"
    data = {"step": 15, "on": MEETING.isoformat(), **vote(expected + 1, 8, 7)}
    response = client.post(url, data, format="json")
    assert response.status_code == 400 and "应到会有表决权" in str(response.json())
    del data["vote_entitled"]
    response = client.post(url, data, format="json")
    assert response.status_code == 201
    assert response.json()["vote_entitled"] == expected == response.json()["vote_roster"]
    outsider = APIClient()
    outsider.force_authenticate(world.users["secretary_b"])
    response = outsider.get(f"/api/v1/applications/{application.pk}/voters/")
    assert response.status_code == 404
