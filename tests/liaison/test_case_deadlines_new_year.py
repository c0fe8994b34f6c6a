"""Case deadlines in working days that reach into a new year: counted from the calendar
committee staff entered (New Year's Day 2027 is off), refused with the message that says so
while the year is not entered — in the service, the admin and the API — and the deadline watch
is not troubled by it."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from liaison import services
from liaison.models import Case, Officer
from tests.factories import CaseFactory
from tests.liaison.conftest import SHANGHAI

pytestmark = pytest.mark.django_db
MISSING_2027 = "2027 年的节假日安排尚未录入，请行业党委工作人员在 党组织 › 节假日 中录入后再办理。"
MONDAY_BEFORE_NEW_YEAR = datetime.datetime(2026, 12, 28, 10, 0, tzinfo=SHANGHAI)


def registered(officer: Officer, at: datetime.datetime = MONDAY_BEFORE_NEW_YEAR) -> Case:
    case = CaseFactory.build(
        enterprise=officer.assignments.get().enterprise, officer=officer, registered_at=at
    )
    return services.case_register(case=case, actor=officer.user)


def test_general_deadline_skips_new_years_day(commissioner: Officer, calendar_2027: Any) -> None:
    case = registered(commissioner)
    services.case_grade(case=case, grade=Case.Grade.GENERAL, actor=commissioner.user)
    # 29, 30, 31 December, then 4, 5, 6, 7 January (Friday 1 January is off).
    assert case.due_at == datetime.datetime(2027, 1, 7, 10, 0, tzinfo=SHANGHAI)


def test_grading_into_a_year_not_entered_is_refused(commissioner: Officer) -> None:
    case = registered(commissioner)
    with pytest.raises(ValidationError) as error:
        services.case_grade(case=case, grade=Case.Grade.GENERAL, actor=commissioner.user)
    assert MISSING_2027 in error.value.messages
    case.refresh_from_db()
    assert (case.status, case.grade, case.due_at) == (Case.Status.REGISTERED, "", None)
    assert list(case.events.values_list("action", flat=True)) == ["register"]


def test_an_hour_deadline_needs_no_calendar(commissioner: Officer) -> None:
    case = registered(commissioner, datetime.datetime(2026, 12, 31, 23, 0, tzinfo=SHANGHAI))
    services.case_grade(case=case, grade=Case.Grade.URGENT, actor=commissioner.user)
    assert case.due_at == datetime.datetime(2027, 1, 1, 1, 0, tzinfo=SHANGHAI)


def test_admin_grading_shows_the_missing_year(
    commissioner: Officer, client_for: Callable[[Officer], Client]
) -> None:
    case = registered(commissioner)
    url = reverse("admin:liaison_case_transition", args=[case.pk, "grade"])
    response = client_for(commissioner).post(url, {"grade": Case.Grade.COMPLEX, "note": ""})
    assert response.status_code == 200
    assert MISSING_2027 in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED


def test_api_grading_answers_400_with_the_missing_year(commissioner: Officer) -> None:
    case = registered(commissioner)
    client = APIClient()
    client.force_authenticate(commissioner.user)
    response = client.post(
        f"/api/v1/cases/{case.pk}/transition/",
        {"action": "grade", "grade": "general"},
        format="json",
    )
    assert response.status_code == 400
    assert MISSING_2027 in str(response.json())
    case.refresh_from_db()
    assert case.status == Case.Status.REGISTERED


def test_deadline_watch_runs_into_a_year_not_entered(commissioner: Officer) -> None:
    """The watch compares stored deadlines with the clock; it counts no working days, so a
    January without its calendar neither stops it nor hides a missed December deadline."""
    case = registered(commissioner, datetime.datetime(2026, 12, 1, 10, 0, tzinfo=SHANGHAI))
    services.case_grade(case=case, grade=Case.Grade.GENERAL, actor=commissioner.user)
    sent = services.deadlines_sweep(now=datetime.datetime(2027, 1, 4, 9, 0, tzinfo=SHANGHAI))
    case.refresh_from_db()
    assert case.overdue and sent == 1 and len(mail.outbox) == 1
