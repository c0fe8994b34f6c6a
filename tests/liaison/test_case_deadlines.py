"""Grading sets the feedback deadline: hours in real time, days as Chinese working days
(National Day 2026: 1–7 October off, Saturday 10 October a make-up working day)."""

import datetime
from typing import Any

import pytest

from liaison import services
from liaison.models import Case, Officer
from tests.factories import CaseFactory
from tests.liaison.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def _graded(officer: Officer, registered: datetime.datetime, grade: str) -> Case:
    case = CaseFactory.build(
        enterprise=officer.assignments.get().enterprise, officer=officer, registered_at=registered
    )
    services.case_register(case=case, actor=officer.user)
    return services.case_grade(case=case, grade=grade, actor=officer.user)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=SHANGHAI)


BEFORE_NATIONAL_DAY = at(datetime.date(2026, 9, 30))  # a Wednesday


@pytest.mark.parametrize(
    ("grade", "due"),
    [
        (Case.Grade.URGENT, at(datetime.date(2026, 9, 30), 12)),
        (Case.Grade.UTILITIES, at(datetime.date(2026, 10, 1))),  # real time, holiday or not
        # 8, 9, 10 (make-up Saturday), 12, 13, 14, 15 October
        (Case.Grade.GENERAL, at(datetime.date(2026, 10, 15))),
        # ... then 16, 19, 20, 21, 22, 23, 26, 27 October
        (Case.Grade.COMPLEX, at(datetime.date(2026, 10, 27))),
    ],
)
def test_deadline_per_grade_across_national_day(
    commissioner: Officer, grade: str, due: datetime.datetime
) -> None:
    case = _graded(commissioner, BEFORE_NATIONAL_DAY, grade)
    assert case.due_at == due
    assert case.events.last().action == "grade"


def test_general_deadline_skips_a_weekend(commissioner: Officer) -> None:
    friday = at(datetime.date(2026, 9, 25))
    case = _graded(commissioner, friday, Case.Grade.GENERAL)
    # 28, 29, 30 September, then 8, 9, 10 (Saturday, make-up day) and 12 October
    assert case.due_at == at(datetime.date(2026, 10, 12))


def test_calendar_days_when_working_days_are_off(commissioner: Officer, settings: Any) -> None:
    settings.DANGJIAN_CASE_DAYS_ARE_WORKING_DAYS = False
    case = _graded(commissioner, BEFORE_NATIONAL_DAY, Case.Grade.GENERAL)
    assert case.due_at == at(datetime.date(2026, 10, 7))
