"""Public notices that reach into a new year count its statutory holidays from the calendar
committee staff entered; while the year is not entered, the step is refused with the message
that says so — in the service, the admin form and the API — and nothing is saved."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from members.development import application_record_step
from members.models import Application, StepRecord
from tests.conftest import World
from tests.members.development_support import D, state, submit, walk

pytestmark = pytest.mark.django_db
MISSING_2027 = "2027 年的节假日安排尚未录入，请行业党委工作人员在 党组织 › 节假日 中录入后再办理。"


@pytest.fixture
def late_today(monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any) -> datetime.date:
    """A "today" after the notices of these tests, so that their steps are not ahead of time."""
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: D(2027, 11, 1))
    settings.MEDIA_ROOT = str(tmp_path)
    return D(2027, 11, 1)


@pytest.fixture
def candidate(late_today: datetime.date, world: World) -> Application:
    """An application whose next step is the candidate filing (8), after a notice."""
    application = submit(world.branch_a, world.users["staff"])
    walk(application, world.users["staff"], 7)
    return application


def record(application: Application, actor: Any, on: datetime.date, start: Any, end: Any) -> Any:
    return application_record_step(
        application=application, step=8, on=on, actor=actor, notice_start=start, notice_end=end
    )


def refusal(application: Application, actor: Any, *args: Any) -> str:
    before = state(application)
    with pytest.raises(ValidationError) as error:
        record(application, actor, *args)
    assert state(application) == before
    return " ".join(error.value.messages)


def test_notice_from_new_years_eve_does_not_count_new_years_day(
    candidate: Application, world: World, calendar_2027: Any
) -> None:
    """31 Dec 2026, then 4, 5, 6 and 7 Jan 2027: Friday 1 January is a holiday."""
    staff = world.users["staff"]
    message = refusal(candidate, staff, D(2027, 1, 7), D(2026, 12, 31), D(2027, 1, 6))
    assert "4个工作日" in message and "2027-01-07" in message
    record(candidate, staff, D(2027, 1, 8), D(2026, 12, 31), D(2027, 1, 7))
    assert candidate.steps.filter(step=8).exists()


def test_notice_into_a_year_not_entered_is_refused(candidate: Application, world: World) -> None:
    staff = world.users["staff"]
    message = refusal(candidate, staff, D(2027, 1, 8), D(2026, 12, 31), D(2027, 1, 7))
    assert MISSING_2027 in message


def test_notice_long_enough_before_the_new_year_needs_nothing_of_it(
    candidate: Application, world: World
) -> None:
    """14–18 Dec 2026 are five working days; that the notice hangs until January is fine."""
    record(candidate, world.users["staff"], D(2027, 1, 5), D(2026, 12, 14), D(2027, 1, 4))
    assert candidate.steps.filter(step=8).exists()


def test_notice_across_national_day_2027_counts_the_make_up_saturday(
    candidate: Application, world: World, calendar_2027: Any
) -> None:
    """30 Sep, 8 Oct, 9 Oct (make-up Saturday), 11 and 12 Oct 2027; 1–7 October are off."""
    staff = world.users["staff"]
    message = refusal(candidate, staff, D(2027, 10, 12), D(2027, 9, 30), D(2027, 10, 11))
    assert "4个工作日" in message and "2027-10-12" in message
    record(candidate, staff, D(2027, 10, 13), D(2027, 9, 30), D(2027, 10, 12))


def test_admin_form_shows_the_missing_year_as_a_refusal(
    candidate: Application, world: World
) -> None:
    url = reverse("admin:members_application_record_step", args=[candidate.pk])
    data = {"step": 8, "on": "2027-01-08", "notice_start": "2026-12-31", "notice_end": "2027-01-07"}
    response = world.client("staff").post(url, data)
    assert response.status_code == 200
    assert MISSING_2027 in response.content.decode()
    assert not candidate.steps.filter(step=8).exists()


def test_api_answers_400_with_the_missing_year(candidate: Application, world: World) -> None:
    client = APIClient()
    client.force_authenticate(world.users["staff"])
    data = {"step": 8, "on": "2027-01-08", "notice_start": "2026-12-31", "notice_end": "2027-01-07"}
    response = client.post(f"/api/v1/applications/{candidate.pk}/steps/", data, format="json")
    assert response.status_code == 400
    assert MISSING_2027 in str(response.json())
    assert not StepRecord.objects.filter(application=candidate, step=8).exists()
