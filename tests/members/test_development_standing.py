"""Cultivation contacts and introducers are judged on the step's date, not today: a full member
then (full-membership date on or before it, an active or mobile status on it according to the
status history) and not under a sanction running on it."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from members.development import application_record_step
from members.models import Member
from members.services import member_change_status
from orgs.models import Organization
from tests.conftest import make_user
from tests.factories import MemberFactory
from tests.members.development_support import D, state, submit, today, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db
INTRODUCED = D(2023, 5, 20)  # step 9 of the plan
CONTACTED = D(2022, 5, 5)  # step 5 of the plan


@pytest.fixture
def staff(committee: Organization) -> Any:
    return make_user("dev_staff", "committee_staff", committee)


@pytest.fixture
def introduced(branch: Organization, staff: Any) -> Any:
    application = submit(branch, staff)
    walk(application, staff, 8)
    return application


def refused(application: Any, step: int, on: Any, actor: Any, **kw: Any) -> str:
    before = state(application)
    with pytest.raises(ValidationError) as error:
        application_record_step(application=application, step=step, on=on, actor=actor, **kw)
    assert state(application) == before
    return " ".join(error.value.messages)


def test_introducer_who_became_full_after_the_step_date_is_refused(
    today: Any, branch: Organization, staff: Any, introduced: Any
) -> None:
    full = MemberFactory(branch=branch)
    late = MemberFactory(branch=branch, name="晚转正", full_membership_date=D(2023, 6, 1))
    message = refused(introduced, 9, INTRODUCED, staff, introducers=[full, late])
    assert "入党介绍人" in message and "晚转正" in message and "2023-05-20" in message


def test_introducer_who_has_since_died_is_judged_on_the_step_date(
    today: Any, branch: Organization, staff: Any, introduced: Any
) -> None:
    full = MemberFactory(branch=branch)
    since_died = MemberFactory(branch=branch, name="已故")
    member_change_status(
        member=since_died,
        to_status=Member.Status.DECEASED,
        on=D(2025, 1, 3),
        reason="",
        actor=staff,
    )
    application_record_step(
        application=introduced,
        step=9,
        on=INTRODUCED,
        actor=staff,
        introducers=[full, since_died],
    )


def test_introducer_under_a_sanction_that_ran_on_the_step_date_is_refused(
    today: Any, branch: Organization, staff: Any, introduced: Any
) -> None:
    full = MemberFactory(branch=branch)
    sanctioned = MemberFactory(branch=branch, name="处分期内", discipline_until=D(2024, 1, 1))
    message = refused(introduced, 9, INTRODUCED, staff, introducers=[full, sanctioned])
    assert "入党介绍人" in message and "处分期内" in message
    ended = MemberFactory(branch=branch, name="处分已满", discipline_until=D(2023, 5, 19))
    application_record_step(
        application=introduced, step=9, on=INTRODUCED, actor=staff, introducers=[full, ended]
    )


def test_contact_who_had_lapsed_on_the_step_date_is_refused_though_active_now(
    today: Any, branch: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 4)
    restored = MemberFactory(branch=branch, name="曾停止党籍")
    member_change_status(
        member=restored, to_status=Member.Status.LAPSED, on=D(2021, 1, 4), reason="", actor=staff
    )
    member_change_status(
        member=restored, to_status=Member.Status.ACTIVE, on=D(2023, 1, 4), reason="", actor=staff
    )
    message = refused(application, 5, CONTACTED, staff, contacts=[restored])
    assert "培养联系人" in message and "曾停止党籍" in message
    application_record_step(
        application=application, step=5, on=D(2023, 1, 5), actor=staff, contacts=[restored]
    )
