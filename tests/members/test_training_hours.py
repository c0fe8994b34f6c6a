"""Training sessions and attendance: an applicant's class hours at the academy reach step 11 —
the step's form shows them and fills them in, and recording them completes the training;
attendance follows the person's scope."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from members import training
from members.models import TrainingAttendance, TrainingSession
from orgs.models import Organization
from orgs.scope import visible
from tests.conftest import make_user
from tests.factories import PositionFactory
from tests.members.development_support import D, submit, today, walk

__all__ = ["today"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(committee: Organization) -> Any:
    return make_user("train_staff", "committee_staff", committee)


def session(committee: Organization, hours: int, on: Any = None) -> TrainingSession:
    return training.training_session_save(
        session=TrainingSession(
            topic="抖音直营中心线上直播案例教学",
            held_on=on or D(2023, 5, 1),
            hours=hours,
            venue=PositionFactory(),
            trainer="讲师",
            organizer=committee,
        ),
        actor=None,
    )


def test_academy_hours_reach_step_eleven_through_its_form(
    today: Any, branch: Organization, committee: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 10)
    for hours in (16, 8):
        training.attendance_add(
            session=session(committee, hours), application=application, actor=None
        )
    assert training.attended_hours(application) == 24
    client = make_client(staff)
    url = reverse("admin:members_application_record_step", args=[application.pk])
    page = client.get(url)
    field = page.context["form"].fields["training_hours"]
    assert field.initial == 24
    assert "24" in str(field.help_text)
    response = client.post(url, {"step": 11, "on": "2023-06-10", "training_hours": field.initial})
    assert response.status_code == 302, response.context["form"].errors
    application.refresh_from_db()
    assert application.training_hours == 24
    assert application.next_step == 12
    assert training.untaken_hours(application) == 0


def test_hours_short_of_the_minimum_leave_step_eleven_open(
    today: Any, branch: Organization, committee: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    walk(application, staff, 10)
    training.attendance_add(session=session(committee, 16), application=application, actor=None)
    client = make_client(staff)
    url = reverse("admin:members_application_record_step", args=[application.pk])
    client.post(url, {"step": 11, "on": "2023-06-10", "training_hours": 16})
    application.refresh_from_db()
    assert application.next_step == 11
    training.attendance_add(session=session(committee, 8), application=application, actor=None)
    assert training.untaken_hours(application) == 8


def test_attendance_cannot_exceed_the_session_and_is_once_per_applicant(
    today: Any, branch: Organization, committee: Organization, staff: Any
) -> None:
    application = submit(branch, staff)
    one = session(committee, 4)
    with pytest.raises(ValidationError):
        training.attendance_add(session=one, application=application, actor=None, hours=5)
    training.attendance_add(session=one, application=application, actor=None)
    with pytest.raises(ValidationError):
        training.attendance_add(session=one, application=application, actor=None)


def test_attendance_follows_the_person_s_branch(
    today: Any, branch: Organization, committee: Organization, staff: Any
) -> None:
    mine = training.attendance_add(
        session=session(committee, 4), application=submit(branch, staff), actor=None
    )
    theirs = training.attendance_add(session=session(committee, 4), name="从业人员", actor=None)
    secretary = make_user("train_sec", "branch_secretary", branch)
    seen = set(visible(TrainingAttendance.objects.all(), secretary).values_list("pk", flat=True))
    assert mine.pk in seen
    assert theirs.pk not in seen  # the committee's own list of other people
    assert (
        make_client(secretary).get(reverse("admin:members_trainingsession_changelist")).status_code
        == 200
    )


def make_client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
